#pragma once
// Options of `difflens-cli compare A B`.
#include "difflens/compare/compare.h"

#include <string>
#include <vector>

namespace difflens::cli {

struct CompareCommandOptions {
    std::string pathA, pathB;
    CompareOptions compare;          // engine + job options
    std::vector<Rect> ignoreArgs;    // from --ignore (added to the sidecar's regions)
    std::string jsonPath;            // "-" = stdout
    std::string sidecarPath;         // --sidecar; empty = look beside the images
    bool noSidecar = false;
    bool quiet = false;
    bool progress = false;           // --progress: report rows on stderr even when short or piped
    bool verbose = false;            // -v: the adaptive processor's per-job log lines on stderr
    bool showHelp = false;
    bool showVersion = false;
};

// Parses the arguments after "compare". False with a one-line reason on bad arguments.
bool parseCompareOptions(const std::vector<std::string> &args, CompareCommandOptions &out, std::string &error);

} // namespace difflens::cli
