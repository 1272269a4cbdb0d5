// Where a pair's sidecar lives (sidecar.h): file-name rules and the existence check, Qt-free
// so that the CLI's fast path can tell whether a sidecar applies.
#include "difflens/compare/sidecar.h"

#include <sys/stat.h>

namespace difflens {

std::string sidecarPathFor(const std::string &imagePath)
{
    return imagePath + ".difflens.json";
}

std::string replacementSidecarPath(const std::string &brokenPath)
{
    const std::string suffix = ".json";
    if (brokenPath.size() >= suffix.size() && brokenPath.compare(brokenPath.size() - suffix.size(), suffix.size(), suffix) == 0)
        return brokenPath.substr(0, brokenPath.size() - suffix.size()) + ".new.json";
    return brokenPath + ".new.json";
}

std::string findSidecar(const std::string &pathA, const std::string &pathB)
{
    for (const std::string &image : {pathB, pathA}) {
        const std::string candidate = sidecarPathFor(image);
        struct stat st {};
        if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode)) // a file, links followed
            return candidate;
    }
    return {};
}

} // namespace difflens
