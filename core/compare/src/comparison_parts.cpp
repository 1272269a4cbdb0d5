// The left-out parts of a comparison's stages 3-4, named for a message (comparison_parts.h).
#include "difflens/compare/comparison_parts.h"

#include <algorithm>

namespace difflens {

void LeftOutParts::add(const std::string &name, bool partOutOfMemory, const std::string &partReason)
{
    if (std::find(names.begin(), names.end(), name) == names.end())
        names.push_back(name);
    outOfMemory = outOfMemory || partOutOfMemory;
    if (!partOutOfMemory && reason.empty())
        reason = partReason;
}

std::string LeftOutParts::joined() const
{
    if (names.empty())
        return {};
    std::string out = "the " + names.front();
    for (size_t i = 1; i < names.size(); ++i)
        out += (i + 1 == names.size() ? " and " : ", ") + names[i];
    return out;
}

LeftOutParts leftOutParts(const Comparison &comparison)
{
    LeftOutParts parts;
    for (const ComparisonPartFailure &f : comparison.failedParts) {
        if (f.part == ComparisonPart::Heatmap)
            parts.add("heatmap", f.outOfMemory, f.reason);
        else if (f.part == ComparisonPart::Mask)
            parts.add("mask", f.outOfMemory, f.reason);
        else if (f.part == ComparisonPart::SsimMap && f.outOfMemory)
            parts.add("SSIM map", true, f.reason);
    }
    return parts;
}

} // namespace difflens
