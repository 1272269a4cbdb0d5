#pragma once
// Internal: a deflate stream read with zlib 1.2's rules, as libpng runs zlib (no Adler-32
// check): whether zlib would inflate it without an error to exactly `expected` bytes,
// followed by the four bytes of the Adler-32 (libdeflate accepts a few streams zlib
// refuses), and the same read inflating it, for the fast PNG path.
#include <cstddef>
#include <cstdint>

namespace difflens::pngfast {

bool zlibWouldInflate(const uint8_t *deflate, size_t size, size_t expected);

// Told, as inflated bytes are written, how many leading bytes are final: no later match
// reaches back to them (they may be changed in place). ready() returning false stops the
// inflation with a failure.
class InflateProgress {
public:
    virtual bool ready(size_t finalBytes) = 0;

protected:
    ~InflateProgress() = default;
};

// zlibWouldInflate's verdict, inflating into `out` (`expected` bytes and 16 more of
// padding, which may be overwritten) as it reads; on a yes, progress.ready(expected) was
// the last call. On a no, `out` holds anything.
bool inflateWithZlibRules(const uint8_t *deflate, size_t size, uint8_t *out, size_t expected,
                          InflateProgress &progress);

} // namespace difflens::pngfast
