// The full command set of difflens-cli (compare with folders, sidecars and PDF reports,
// merge, report), reached through libdifflens_cli_full.so's entry point (full_entry.cpp).
#include "cli_main.h"

#include "compare_full_command.h"
#include "dispatch.h"
#include "merge_command.h"
#include "report_command.h"
#include "serve_command.h"

#include <map>
#include <string>
#include <vector>

namespace difflens::cli {

int run(int argc, char **argv)
{
    static const std::map<std::string, Command> commands = {
        {"compare", runFullCompareCommand},
        {"merge", runMergeCommand},
        {"report", runReportCommand},
        {"serve", runServeCommand},
    };
    return dispatch(std::vector<std::string>(argv + (argc > 0 ? 1 : 0), argv + argc), commands);
}

} // namespace difflens::cli
