#pragma once
// The JSON form of a comparison result (the CLI's --json output; documented in docs/cli.md),
// Qt-free. This is the one place the result's keys are spelled: json.h's Qt functions
// convert these values.
#include "difflens/compare/compare.h"
#include "difflens/compare/json_value.h"

#include <string>
#include <vector>

namespace difflens {

// The whole document: success fields when r.ok, or {version, a, b, error} when !r.ok.
JsonValue resultJsonValue(const CompareResult &r);
std::string resultToJsonText(const CompareResult &r, bool indented = true);

// Building blocks (shared with batch/report output).
JsonValue imageInfoJsonValue(const ImageInfo &info);
JsonValue regionJsonValue(const Region &region);
JsonValue regionsJsonValue(const std::vector<Region> &regions);
JsonValue planJsonValue(const PlanInfo &plan);

// Writes the document to path atomically, or to stdout when path is "-".
bool writeResultJson(const std::string &path, const CompareResult &r, std::string &error);

} // namespace difflens
