#pragma once
// The parts of a comparison's stages 3-4 that were left out (Comparison::failedParts), named for
// a message: which, whether any was for lack of memory, and the first other reason (Qt-free).
#include "difflens/compare/comparison.h"

#include <string>
#include <vector>

namespace difflens {

struct LeftOutParts {
    std::vector<std::string> names; // in the order they failed, each once
    bool outOfMemory = false;       // some part did not fit
    std::string reason;             // the first reason of a part that failed otherwise

    void add(const std::string &name, bool outOfMemory, const std::string &reason);
    // "the heatmap", "the heatmap and mask", "the heatmap, mask and SSIM map"; empty for none.
    std::string joined() const;
};

// The heatmap's and the mask's failures, and the SSIM map's when it did not fit (FLIP's
// failure is told where its layer is missing, SSIM's other errors in the status line).
LeftOutParts leftOutParts(const Comparison &comparison);

} // namespace difflens
