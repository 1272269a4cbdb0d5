#pragma once
// JUnit XML for CI (GitHub/GitLab test reports): one <testcase> per pair inside one
// <testsuite>; failing pairs carry a <failure> with the mismatch percentage and regions,
// pairs that could not be compared carry an <error>.
#include "difflens/compare/review/types.h"

#include <string>
#include <vector>

namespace difflens::review {

struct JUnitOptions {
    std::string suiteName = "difflens";
    std::string className = "visual";
    double totalSeconds = 0;
};

std::string failureMessage(const PairSummary &s); // one line
std::string toJUnitXml(const std::vector<PairSummary> &pairs, const JUnitOptions &opt = {});
bool writeJUnitFile(const std::string &path, const std::vector<PairSummary> &pairs, const JUnitOptions &opt,
                    std::string &error);

} // namespace difflens::review
