// The top level of difflens-cli: no command, --help, --version, unknown commands (dispatch.h).
#include "dispatch.h"

#include "errors.h"
#include "help.h"

#include <cstdio>

namespace difflens::cli {

int dispatch(const std::vector<std::string> &args, const std::map<std::string, Command> &commands)
{
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
    const auto command = commands.find(first);
    if (command == commands.end()) {
        if (!first.empty() && first[0] == '-')
            return reportError("unknown option '" + first + "' (try difflens-cli --help)");
        return reportError("unknown command '" + first + "' (try difflens-cli --help)");
    }
    return command->second(std::vector<std::string>(args.begin() + 1, args.end()));
}

} // namespace difflens::cli
