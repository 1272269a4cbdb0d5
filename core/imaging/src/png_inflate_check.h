#pragma once
// Internal: whether zlib 1.2, as libpng runs it (no Adler-32 check), would inflate a raw
// deflate stream (a zlib stream after its two header bytes) without an error to exactly
// `expected` bytes, followed by the four bytes of the Adler-32. The fast PNG path asks
// this before it inflates with libdeflate, which accepts a few streams zlib refuses.
#include <cstddef>
#include <cstdint>

namespace difflens::pngfast {

bool zlibWouldInflate(const uint8_t *deflate, size_t size, size_t expected);

} // namespace difflens::pngfast
