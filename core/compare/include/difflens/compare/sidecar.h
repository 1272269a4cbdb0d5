#pragma once
// Sidecar files: per-pair settings kept beside the images, currently the ignore regions.
//
// Format (UTF-8 JSON, documented in docs/cli.md):
//   { "format": "difflens-sidecar", "version": 1,
//     "ignore": [ { "x": 10, "y": 20, "width": 300, "height": 40, "note": "clock" } ] }
// Named "<B path>.difflens.json"; when absent, "<A path>.difflens.json" is used.
#include "difflens/engine/image.h"

#include <string>
#include <vector>

class QByteArray;

namespace difflens {

struct SidecarRegion {
    Rect rect;
    std::string note;  // optional free text
    std::string extra; // fields this version does not know: a compact JSON object, "" when none
};

// A rewrite keeps what it does not understand: each region's note and unknown fields, the
// unknown top-level fields and the order of the regions.
struct Sidecar {
    static constexpr int kVersion = 1;
    std::vector<SidecarRegion> ignore;
    std::string extra; // unknown top-level fields: a compact JSON object, "" when none

    std::vector<Rect> ignoreRects() const;
};

// "<imagePath>.difflens.json"
std::string sidecarPathFor(const std::string &imagePath);
// The sidecar that applies to the pair (B's first, then A's), or "" when neither exists.
std::string findSidecar(const std::string &pathA, const std::string &pathB);

// Where a new sidecar goes when the existing one cannot be read and must not be overwritten:
// "<...>.difflens.json" -> "<...>.difflens.new.json" (any other name: "<path>.new.json").
std::string replacementSidecarPath(const std::string &brokenPath);

// Reading fails with a one-line reason for unreadable files, invalid JSON, a newer version
// or malformed regions. Unknown fields are kept in `extra` (written back by saveSidecar).
bool loadSidecar(const std::string &path, Sidecar &out, std::string &error);
bool parseSidecar(const QByteArray &json, Sidecar &out, std::string &error);
// Writes atomically (temporary file then rename).
bool saveSidecar(const std::string &path, const Sidecar &sidecar, std::string &error);
QByteArray serializeSidecar(const Sidecar &sidecar);

} // namespace difflens
