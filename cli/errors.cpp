#include "errors.h"

#include <cstdio>

namespace difflens::cli {

int reportError(const std::string &message)
{
    std::string line = message;
    for (char &c : line)
        if (c == '\n' || c == '\r')
            c = ' ';
    std::fprintf(stderr, "difflens-cli: error: %s\n", line.c_str());
    std::fflush(stderr);
    return kExitError;
}

int reportFileError(const std::string &file, const std::string &reason)
{
    return reportError(file.empty() ? reason : file + ": " + reason);
}

} // namespace difflens::cli
