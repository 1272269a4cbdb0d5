#pragma once
// Internal: header parsing and container integrity checks shared by probe and decode.
#include "difflens/imaging/decode.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace difflens::probe {

// Upper-case format name for messages ("PNG", "JPEG", "WebP", "TIFF", "BMP").
std::string displayName(const std::string &format);

// "truncated or corrupt <FMT> data"
std::string corruptReason(const std::string &format);

// Checks that the whole container is present (PNG up to IEND, JPEG end marker after the
// scan, WebP RIFF size, BMP pixel array). Returns false with a reason otherwise.
bool checkComplete(const ImageHeader &header, const uint8_t *data, size_t size, std::string &error);

// The JPEG check of checkComplete on bytes read through `at(pos)` (the byte at pos, or -1
// when it cannot be read), for a file of n bytes: the end-of-image marker must follow the
// first scan. Entropy-coded data never contains FF D9 (0xFF is stuffed as FF 00), so
// searching backwards from the end is exact enough.
template <typename ByteAt>
bool jpegComplete(ByteAt at, int64_t n)
{
    int64_t pos = 2;
    int64_t scanStart = 0;
    while (pos + 4 <= n) {
        if (at(pos) != 0xFF)
            return false;
        while (pos < n && at(pos) == 0xFF)
            ++pos;
        if (pos + 2 >= n)
            return false;
        const int marker = at(pos++);
        if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01)
            continue;
        const int hi = at(pos), lo = at(pos + 1);
        if (hi < 0 || lo < 0)
            return false;
        const int64_t len = hi << 8 | lo;
        if (len < 2 || len > n - pos)
            return false;
        if (marker == 0xDA) {
            scanStart = pos + len;
            break;
        }
        pos += len;
    }
    if (scanStart == 0 || scanStart + 2 > n)
        return false;
    for (int64_t i = n - 2; i + 1 > scanStart; --i) {
        if (at(i) == 0xFF && at(i + 1) == 0xD9)
            return true;
    }
    return false;
}

// Reason for a header that declares more pixels than allowed; empty when within the limit.
std::string pixelLimitReason(const ImageHeader &header, int64_t maxPixels);

} // namespace difflens::probe
