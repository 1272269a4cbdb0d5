// Container completeness checks: catch truncated files before the decoder sees them, so the
// reason is precise and decoders never print their own warnings for the common case.
#include "probe.h"

#include "bmp_header.h"
#include "bytes.h"

#include <cstring>

namespace difflens::probe {

namespace {

using namespace bytes;

bool pngComplete(const uint8_t *d, size_t n)
{
    size_t pos = 8;
    bool sawData = false;
    while (pos + 12 <= n) {
        const uint32_t len = be32(d + pos);
        if (len > 0x7fffffffu || len > n - pos - 12)
            return false;
        const uint8_t *type = d + pos + 4;
        if (std::memcmp(type, "IDAT", 4) == 0)
            sawData = true;
        if (std::memcmp(type, "IEND", 4) == 0)
            return sawData;
        pos += size_t(len) + 12;
    }
    return false;
}

// The end-of-image marker must follow the first scan. Entropy-coded data never contains
// FF D9 (0xFF is stuffed as FF 00), so searching backwards from the end is exact enough.
bool jpegComplete(const uint8_t *d, size_t n)
{
    size_t pos = 2;
    size_t scanStart = 0;
    while (pos + 4 <= n) {
        if (d[pos] != 0xFF)
            return false;
        while (pos < n && d[pos] == 0xFF)
            ++pos;
        if (pos + 2 >= n)
            return false;
        const int marker = d[pos++];
        if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01)
            continue;
        const size_t len = be16(d + pos);
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
    for (size_t i = n - 2; i + 1 > scanStart; --i) {
        if (d[i] == 0xFF && d[i + 1] == 0xD9)
            return true;
    }
    return false;
}

bool webpComplete(const uint8_t *d, size_t n)
{
    const uint64_t riff = le32(d + 4);
    const uint64_t chunk = le32(d + 16);
    return riff + 8 <= n && chunk + 20 <= n;
}

bool bmpComplete(const uint8_t *d, size_t n)
{
    bmp::Info info;
    std::string ignored;
    if (!bmp::parseHeader(d, n, info, ignored) || info.dataOffset >= n)
        return false;
    if (info.rle())
        return true; // run-length data: the decoder checks it
    return uint64_t(info.dataOffset) + info.rowBytes() * uint64_t(info.height) <= n;
}

} // namespace

bool checkComplete(const ImageHeader &h, const uint8_t *d, size_t n, std::string &error)
{
    bool ok = true;
    if (h.format == "png")
        ok = pngComplete(d, n);
    else if (h.format == "jpeg")
        ok = jpegComplete(d, n);
    else if (h.format == "webp")
        ok = webpComplete(d, n);
    else if (h.format == "bmp")
        ok = bmpComplete(d, n);
    if (!ok)
        error = corruptReason(h.format);
    return ok;
}

} // namespace difflens::probe
