#pragma once
// The top level of difflens-cli, shared by the fast path and the full command set: no
// command, --help, --version and unknown commands are answered here; a known command gets
// the arguments after its name.
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace difflens::cli {

using Command = std::function<int(const std::vector<std::string> &args)>;

// args: argv without the program name. Returns the command's exit code.
int dispatch(const std::vector<std::string> &args, const std::map<std::string, Command> &commands);

} // namespace difflens::cli
