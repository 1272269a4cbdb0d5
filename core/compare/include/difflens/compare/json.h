#pragma once
// Stable JSON form of a comparison result (the CLI's --json output; documented in docs/cli.md).
#include "difflens/compare/compare.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>

namespace difflens {

// The whole document: success fields when r.ok, or {version, a, b, error} when !r.ok.
QJsonObject resultToJson(const CompareResult &r);
QByteArray resultToJsonBytes(const CompareResult &r, bool indented = true);

// Building blocks (shared with batch/report output).
QJsonObject imageInfoToJson(const ImageInfo &info);
QJsonObject regionToJson(const Region &region);
QJsonArray regionsToJson(const std::vector<Region> &regions);
QJsonObject planToJson(const PlanInfo &plan);

} // namespace difflens
