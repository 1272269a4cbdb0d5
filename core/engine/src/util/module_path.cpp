// Finding a module loaded on demand (module_path.h).
#include "difflens/engine/module_path.h"

#include <limits.h>
#include <unistd.h>

#include <cstdlib>

namespace difflens {

namespace {

std::string executableDir()
{
    char buf[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return {};
    const std::string p(buf, size_t(n));
    const size_t slash = p.rfind('/');
    return slash == std::string::npos ? std::string() : p.substr(0, slash);
}

} // namespace

std::vector<std::string> moduleCandidates(const char *envVar, const char *name, const char *buildPath)
{
    std::vector<std::string> paths;
    if (const char *env = std::getenv(envVar); env && *env)
        paths.emplace_back(env);
    const std::string exe = executableDir();
    if (!exe.empty()) {
        paths.push_back(exe + "/" + name);
        paths.push_back(exe + "/../lib/difflens/" + name);
    }
    if (buildPath)
        paths.emplace_back(buildPath);
    return paths;
}

std::string findModule(const char *envVar, const char *name, const char *buildPath)
{
    for (const std::string &path : moduleCandidates(envVar, name, buildPath))
        if (::access(path.c_str(), R_OK) == 0)
            return path;
    const std::string exe = executableDir();
    return exe.empty() ? std::string(name) : exe + "/../lib/difflens/" + name;
}

} // namespace difflens
