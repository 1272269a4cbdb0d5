#include "cli_main.h"

#include "batch_command.h"
#include "batch_options.h"
#include "compare_command.h"
#include "errors.h"
#include "help.h"
#include "merge_command.h"
#include "report_command.h"

#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace difflens::cli {

namespace {

using Command = std::function<int(const std::vector<std::string> &args)>;

const std::map<std::string, Command> &commands()
{
    static const std::map<std::string, Command> table = {
        {"compare", runCompareWithReport},
        {"merge", runMergeCommand},
        {"report", runReportCommand},
    };
    return table;
}

} // namespace

int run(int argc, char **argv)
{
    std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    if (args.empty())
        return reportError("no command given (try difflens-cli --help)");
    const std::string &first = args.front();
    if (first == "--help" || first == "-h" || first == "help") {
        std::fputs(mainUsage().c_str(), stdout);
        return kExitSame;
    }
    if (first == "--version") {
        std::fputs(versionText().c_str(), stdout);
        return kExitSame;
    }
    const auto command = commands().find(first);
    if (command == commands().end()) {
        if (!first.empty() && first[0] == '-')
            return reportError("unknown option '" + first + "' (try difflens-cli --help)");
        return reportError("unknown command '" + first + "' (try difflens-cli --help)");
    }
    return command->second(std::vector<std::string>(args.begin() + 1, args.end()));
}

} // namespace difflens::cli
