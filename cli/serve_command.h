#pragma once
// `difflens-cli serve`: one JSON compare request per stdin line, one compact JSON result per
// stdout line (the fields of `compare --json` plus the request's "id"). See docs/cli.md.
#include "difflens/compare/json_value.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace difflens::cli {

// The compare arguments for one request's "options" object given as compact JSON text
// (false with a reason when a value has no argument form). Keys are the long option names
// without dashes, '_' for '-': {"diff_image": "d.png", "include_aa": true,
// "ignore": ["0:0-9:9"]} -> --diff-image=d.png --include-aa --ignore=0:0-9:9.
// Exposed for tests; the server calls it on each request.
struct ServeRequest {
    JsonValue id;              // null when absent or unreadable
    std::string pathA, pathB;
    std::vector<std::string> args; // options..., "--", A, B
    // The options given as strings, by key ("diff_image" -> "d.png"): the files a request
    // may read or write, for running requests side by side safely (serve_queue.h).
    std::vector<std::pair<std::string, std::string>> stringOptions;
};
// Parses one request line. False with a reason (id set when it could be read).
bool parseServeRequest(const std::string &line, ServeRequest &out, std::string &error);

// The one-line answer to a request that could not be run: {"error":{"file","reason"},"id"}.
std::string serveErrorLine(const JsonValue &id, const std::string &file, const std::string &reason);

// What `serve` keeps of decoded images unless --cache says otherwise (serve_cache.h).
constexpr int64_t kDefaultServeCacheBytes = int64_t(256) << 20;

// Reads requests until EOF; returns 0 (bad requests are answered, not fatal).
// Arguments: --cache SIZE, --jobs N (see serveUsage in serve_command.cpp and docs/cli.md).
int runServeCommand(const std::vector<std::string> &args);

} // namespace difflens::cli
