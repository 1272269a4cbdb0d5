// The sidecar reader hook of the compare command (compare_sidecar.h).
#include "compare_sidecar.h"

#include "difflens/compare/sidecar.h"

namespace difflens::cli {

CompareHooks withSidecarReader(CompareHooks hooks)
{
    hooks.loadSidecar = [](const std::string &path, std::vector<Rect> &ignore, std::string &error) {
        Sidecar sidecar;
        if (!loadSidecar(path, sidecar, error))
            return false;
        ignore = sidecar.ignoreRects();
        return true;
    };
    return hooks;
}

} // namespace difflens::cli
