#include "tiff_ifd.h"

#include "bytes.h"

#include <cstring>

namespace difflens {

namespace {

int typeSize(int type)
{
    switch (type) {
    case 1: case 2: case 6: case 7: return 1; // BYTE ASCII SBYTE UNDEFINED
    case 3: case 8: return 2;                 // SHORT SSHORT
    case 4: case 9: case 11: case 13: return 4; // LONG SLONG FLOAT IFD
    case 5: case 10: case 12: case 16: case 17: case 18: return 8; // RATIONAL DOUBLE LONG8 ...
    default: return 0;
    }
}

} // namespace

bool parseTiffIfd0(const uint8_t *data, size_t size, TiffIfdInfo &info)
{
    info = TiffIfdInfo{};
    if (size < 8)
        return false;
    bytes::Endian e;
    if (data[0] == 'I' && data[1] == 'I')
        e.little = true;
    else if (data[0] == 'M' && data[1] == 'M')
        e.little = false;
    else
        return false;
    const uint16_t magic = e.u16(data + 2);
    const bool big = magic == 43;
    if (magic != 42 && !big)
        return false;
    uint64_t ifd = 0;
    if (big) {
        if (size < 16 || e.u16(data + 4) != 8)
            return false;
        ifd = e.u64(data + 8);
    } else {
        ifd = e.u32(data + 4);
    }
    const size_t countSize = big ? 8 : 2, entrySize = big ? 20 : 12, inlineSize = big ? 8 : 4;
    if (ifd < 8 || ifd > size || size - ifd < countSize)
        return false;
    const uint64_t count = big ? e.u64(data + ifd) : e.u16(data + ifd);
    if (count == 0 || count > (size - ifd - countSize) / entrySize)
        return false;
    const uint8_t *entry = data + ifd + countSize;
    for (uint64_t i = 0; i < count; ++i, entry += entrySize) {
        const int tag = e.u16(entry);
        const int type = e.u16(entry + 2);
        const uint64_t n = big ? e.u64(entry + 4) : e.u32(entry + 4);
        const uint8_t *valueField = entry + (big ? 12 : 8);
        const int ts = typeSize(type);
        if (ts == 0 || n == 0)
            continue;
        const uint8_t *value = valueField;
        if (n * uint64_t(ts) > inlineSize) {
            const uint64_t off = big ? e.u64(valueField) : e.u32(valueField);
            if (off > size || size - off < uint64_t(ts))
                continue; // an out-of-range value for a tag we may not need
            value = data + off;
        }
        uint64_t v = 0;
        if (type == 3 || type == 8)
            v = e.u16(value);
        else if (type == 4 || type == 9 || type == 13)
            v = e.u32(value);
        else if (type == 16 || type == 17 || type == 18)
            v = e.u64(value);
        else if (ts == 1)
            v = value[0];
        switch (tag) {
        case 256: info.width = int64_t(v); break;
        case 257: info.height = int64_t(v); break;
        case 258: info.bitsPerSample = int(v); break;
        case 262: info.photometric = int(v); break;
        case 274: info.orientation = (v >= 1 && v <= 8) ? int(v) : 1; break;
        case 277: info.samplesPerPixel = int(v); break;
        case 338: info.extraSamples = int(n); info.extraSampleType = int(v); break;
        case 339: info.sampleFormat = int(v); break;
        default: break;
        }
    }
    return true;
}

int exifOrientationFromApp1(const uint8_t *payload, size_t size)
{
    static const uint8_t sig[6] = {'E', 'x', 'i', 'f', 0, 0};
    if (size < 6 + 8 || std::memcmp(payload, sig, 6) != 0)
        return 1;
    TiffIfdInfo info;
    if (!parseTiffIfd0(payload + 6, size - 6, info))
        return 1;
    return info.orientation;
}

} // namespace difflens
