#pragma once
// One-line error reporting: "difflens-cli: error: [<file>: ]<reason>" on stderr.
#include <string>

namespace difflens::cli {

constexpr int kExitSame = 0;
constexpr int kExitDifferent = 1;
constexpr int kExitError = 2;
constexpr int kExitInterrupted = 130; // Ctrl-C (128 + SIGINT), as shells report it

// Prints the message (newlines folded to spaces) and returns kExitError.
int reportError(const std::string &message);
int reportFileError(const std::string &file, const std::string &reason);

} // namespace difflens::cli
