#pragma once
// `difflens-cli serve`: one JSON compare request per stdin line, one compact JSON result per
// stdout line (the fields of `compare --json` plus the request's "id"). See docs/cli.md.
#include "difflens/compare/json_value.h"

#include <string>
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
};
// Parses one request line. False with a reason (id set when it could be read).
bool parseServeRequest(const std::string &line, ServeRequest &out, std::string &error);

// The one-line answer to a request that could not be run: {"error":{"file","reason"},"id"}.
std::string serveErrorLine(const JsonValue &id, const std::string &file, const std::string &reason);

// Reads requests until EOF; returns 0 (bad requests are answered, not fatal).
int runServeCommand(const std::vector<std::string> &args);

} // namespace difflens::cli
