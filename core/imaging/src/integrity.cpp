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
        ok = jpegComplete([d](int64_t pos) { return int(d[pos]); }, int64_t(n));
    else if (h.format == "webp")
        ok = webpComplete(d, n);
    else if (h.format == "bmp")
        ok = bmpComplete(d, n);
    if (!ok)
        error = corruptReason(h.format);
    return ok;
}

} // namespace difflens::probe
