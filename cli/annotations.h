#pragma once
// CI annotations of a folder compare: GitHub Actions workflow commands
// ("::error file=...,title=...::message"), one per failing pair.
#include "difflens/compare/review/types.h"

#include <map>
#include <string>
#include <vector>

namespace difflens::cli {

// --annotations github|none; "" (not given) means github when GITHUB_ACTIONS is "true".
bool validAnnotationsValue(const std::string &value);
bool annotationsEnabled(const std::string &value, const std::map<std::string, std::string> &env);
bool annotationsEnabled(const std::string &value); // with this process's GITHUB_ACTIONS

// One line per failing pair (different, layout-changed, new, removed, error), in the order
// given: "::error file=<current>/<rel>,title=<rel> changed::<N> pixels differ (<ratio>%)";
// removed pairs name the baseline file, error pairs give the reason.
std::string githubAnnotations(const std::vector<review::PairSummary> &pairs, const std::string &baselineDir,
                              const std::string &currentDir);

// Workflow-command escaping: message text (% CR LF) and property values (also : and ,).
std::string escapeAnnotationData(const std::string &text);
std::string escapeAnnotationProperty(const std::string &text);

} // namespace difflens::cli
