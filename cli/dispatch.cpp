// The top level of difflens-cli: no command, --help, --version, unknown commands, and the
// last catch of an allocation failure (dispatch.h).
#include "dispatch.h"

#include "errors.h"
#include "help.h"

#include <cstdio>
#include <new>
#include <string>
#include <system_error>

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
    // The commands check their allocations and say what did not fit; this is the last line
    // for what they did not foresee (Qt's PDF engine, a thread that cannot start): an error
    // and exit 2 instead of std::terminate.
    try {
        return command->second(std::vector<std::string>(args.begin() + 1, args.end()));
    } catch (const std::bad_alloc &) {
        return reportError("out of memory");
    } catch (const std::system_error &e) {
        return reportError(std::string("out of memory or another resource: ") + e.what());
    }
}

} // namespace difflens::cli
