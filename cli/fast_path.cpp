// The fast path of difflens-cli and the loader of the full command set (fast_path.h).
#include "fast_path.h"

#include "compare_command.h"
#include "dispatch.h"
#include "errors.h"
#include "git_diff_command.h"
#include "report_option_names.h"

#include "difflens/engine/module_path.h"

#include <dlfcn.h>
#include <sys/stat.h>

#include <string>
#include <vector>

namespace difflens::cli {

namespace {

constexpr const char *kLibraryName = "libdifflens_cli_full.so";

// A report option anywhere before "--" (scanned as extractReportArgs scans): the PDF report.
bool namesReportOption(const std::vector<std::string> &args)
{
    for (const std::string &arg : args) {
        if (arg == "--")
            break;
        std::string value;
        bool hasInline = false;
        if (reportOptionKind(reportOptionName(arg, value, hasInline)) != ReportOptionKind::None)
            return true;
    }
    return false;
}

// Any argument naming a directory may make this a folder compare (isFolderCompare).
bool namesDirectory(const std::vector<std::string> &args)
{
    for (const std::string &arg : args) {
        struct stat st {};
        if (::stat(arg.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
            return true;
    }
    return false;
}

int fastCompare(const std::vector<std::string> &args)
{
    if (namesReportOption(args) || namesDirectory(args))
        return kNeedsFullCli;
    return runCompareCommand(args); // kNeedsFullCli when a sidecar applies
}

int needsFull(const std::vector<std::string> &)
{
    return kNeedsFullCli;
}

// The library to load (module_path.h; the variable DIFFLENS_CLI_FULL names another).
std::string libraryPath()
{
#ifdef DIFFLENS_CLI_FULL_BUILD_PATH
    return findModule("DIFFLENS_CLI_FULL", kLibraryName, DIFFLENS_CLI_FULL_BUILD_PATH);
#else
    return findModule("DIFFLENS_CLI_FULL", kLibraryName, nullptr);
#endif
}

} // namespace

int runFullCli(int argc, char **argv)
{
    const std::string path = libraryPath();
    void *handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *e = ::dlerror();
        return reportError("cannot load " + path + ": " + (e ? e : "dlopen failed"));
    }
    using Entry = int (*)(int, char **);
    auto entry = reinterpret_cast<Entry>(::dlsym(handle, "difflens_cli_full_main"));
    if (!entry) {
        const char *e = ::dlerror();
        return reportError("cannot load " + path + ": " + (e ? e : "difflens_cli_full_main not found"));
    }
    return entry(argc, argv); // the library stays loaded until the process ends
}

int runFastOrFull(int argc, char **argv)
{
    static const std::map<std::string, Command> commands = {
        {"compare", fastCompare},
        {"git-diff", runGitDiffCommand},
        {"merge", needsFull},
        {"report", needsFull},
        {"serve", needsFull},
    };
    const int code = dispatch(std::vector<std::string>(argv + (argc > 0 ? 1 : 0), argv + argc), commands);
    return code == kNeedsFullCli ? runFullCli(argc, argv) : code;
}

} // namespace difflens::cli
