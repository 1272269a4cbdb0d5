#include "difflens/compare/review/types.h"

#include <cstring>

namespace difflens::review {

namespace {
const char *const kStatusNames[kPairStatusCount] = {"identical", "within-tolerance", "different", "layout-changed",
                                                    "removed",   "new",              "error"};
const char *const kDecisionNames[3] = {"none", "approved", "flagged"};
} // namespace

const char *toString(PairStatus s)
{
    const int i = int(s);
    return (i >= 0 && i < kPairStatusCount) ? kStatusNames[i] : "error";
}

bool parsePairStatus(const std::string &text, PairStatus &out)
{
    for (int i = 0; i < kPairStatusCount; ++i) {
        if (text == kStatusNames[i]) {
            out = PairStatus(i);
            return true;
        }
    }
    return false;
}

bool isFailure(PairStatus s)
{
    return s != PairStatus::Identical && s != PairStatus::WithinTolerance;
}

const char *toString(Decision d)
{
    const int i = int(d);
    return (i >= 0 && i < 3) ? kDecisionNames[i] : "none";
}

bool parseDecision(const std::string &text, Decision &out)
{
    for (int i = 0; i < 3; ++i) {
        if (text == kDecisionNames[i]) {
            out = Decision(i);
            return true;
        }
    }
    return false;
}

int64_t StatusCounts::total() const
{
    int64_t t = 0;
    for (int64_t c : counts)
        t += c;
    return t;
}

int64_t StatusCounts::failures() const
{
    int64_t t = 0;
    for (int i = 0; i < kPairStatusCount; ++i)
        if (isFailure(PairStatus(i)))
            t += counts[i];
    return t;
}

std::string StatusCounts::toText() const
{
    std::string s = std::to_string(total()) + (total() == 1 ? " pair" : " pairs");
    bool first = true;
    for (int i = 0; i < kPairStatusCount; ++i) {
        if (!counts[i])
            continue;
        s += first ? ": " : ", ";
        first = false;
        s += std::to_string(counts[i]) + " " + kStatusNames[i];
    }
    return s;
}

} // namespace difflens::review
