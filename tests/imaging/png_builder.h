#pragma once
// Hand-built PNG files for the fast PNG path's tests (tst_png_fast): any IHDR, raw filtered
// rows with chosen filter bytes, zlib streams with a chosen window, chunks in any order,
// split IDATs, bad CRCs; plus the two decoders side by side, and files read back through
// the streaming decoder.
#include "difflens/engine/image.h"
#include "difflens/imaging/stream.h"
#include "png_fast.h"
#include "png_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace pngtest {

using Bytes = std::vector<uint8_t>;

inline void putBe32(Bytes &b, uint32_t v)
{
    for (int s = 24; s >= 0; s -= 8)
        b.push_back(uint8_t(v >> s));
}

struct Chunk {
    std::string type;
    Bytes data;
    bool badCrc = false;
};

inline Bytes assemble(const std::vector<Chunk> &chunks)
{
    Bytes b = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    for (const Chunk &c : chunks) {
        putBe32(b, uint32_t(c.data.size()));
        const size_t start = b.size();
        b.insert(b.end(), c.type.begin(), c.type.end());
        b.insert(b.end(), c.data.begin(), c.data.end());
        uint32_t crc = uint32_t(crc32(0, b.data() + start, uInt(b.size() - start)));
        putBe32(b, c.badCrc ? crc ^ 1u : crc);
    }
    return b;
}

inline Chunk ihdr(uint32_t w, uint32_t h, int depth, int colorType, int interlace = 0)
{
    Chunk c{"IHDR", {}};
    putBe32(c.data, w);
    putBe32(c.data, h);
    c.data.insert(c.data.end(), {uint8_t(depth), uint8_t(colorType), 0, 0, uint8_t(interlace)});
    return c;
}

inline Bytes zlibStream(const Bytes &raw, int windowBits = 15, int level = 6, int strategy = Z_DEFAULT_STRATEGY)
{
    z_stream z{};
    deflateInit2(&z, level, Z_DEFLATED, windowBits, 8, strategy);
    Bytes out(deflateBound(&z, uLong(raw.size())) + 16);
    z.next_in = const_cast<Bytes::value_type *>(raw.data());
    z.avail_in = uInt(raw.size());
    z.next_out = out.data();
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

inline int samplesOf(int colorType)
{
    return colorType == 2 ? 3 : colorType == 4 ? 2 : colorType == 6 ? 4 : 1;
}

inline size_t rowBytesOf(uint32_t w, int depth, int colorType)
{
    return (size_t(w) * size_t(samplesOf(colorType)) * size_t(depth) + 7) / 8;
}

// Raw (filtered) image data: each row a filter byte (`filter`, or 0..4 in turn when it is
// -1) and hashed bytes.
inline Bytes rawRows(uint32_t w, uint32_t h, int depth, int colorType, int filter, unsigned seed)
{
    const size_t n = rowBytesOf(w, depth, colorType);
    Bytes raw;
    uint32_t s = seed * 2654435761u + 7u;
    for (uint32_t y = 0; y < h; ++y) {
        raw.push_back(uint8_t(filter >= 0 ? filter : int((y + seed) % 5)));
        for (size_t i = 0; i < n; ++i) {
            s = s * 1664525u + 1013904223u;
            raw.push_back(uint8_t(s >> 24));
        }
    }
    return raw;
}

inline Chunk palette(int entries)
{
    Chunk c{"PLTE", {}};
    for (int i = 0; i < entries; ++i)
        c.data.insert(c.data.end(), {uint8_t(i * 7), uint8_t(255 - i), uint8_t(i * 13 + 5)});
    return c;
}

// A complete file: IHDR, PLTE (palette images), extra chunks before IDAT, the data.
inline Bytes simplePng(uint32_t w, uint32_t h, int depth, int colorType, int filter, unsigned seed,
                       const std::vector<Chunk> &beforeIdat = {})
{
    std::vector<Chunk> chunks{ihdr(w, h, depth, colorType)};
    if (colorType == 3)
        chunks.push_back(palette(std::min(200, 1 << depth)));
    chunks.insert(chunks.end(), beforeIdat.begin(), beforeIdat.end());
    chunks.push_back({"IDAT", zlibStream(rawRows(w, h, depth, colorType, filter, seed))});
    chunks.push_back({"IEND", {}});
    return assemble(chunks);
}

struct Outcome {
    bool ok = false;
    difflens::Image image;
    std::string error;
};

inline Outcome viaLibpng(const Bytes &b)
{
    Outcome o;
    o.ok = difflens::decodePngLibpng(b.data(), b.size(), o.image, o.error);
    return o;
}

inline Outcome viaFast(const Bytes &b)
{
    Outcome o;
    o.ok = difflens::pngfast::decode(b.data(), b.size(), o.image);
    return o;
}

inline bool samePixels(const difflens::Image &a, const difflens::Image &b)
{
    return a.width() == b.width() && a.height() == b.height() && a.channels() == b.channels() &&
           a.depth() == b.depth() && a.byteSize() == b.byteSize() &&
           std::equal(a.data(), a.data() + a.byteSize(), b.data());
}

inline bool writeFile(const std::string &path, const Bytes &b)
{
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char *>(b.data()), std::streamsize(b.size()));
    return bool(f.flush());
}

// Every row of `path` through openImageRows, three at a time, as one image (null on failure).
inline difflens::Image streamAll(const std::string &path, const difflens::DecodeOptions &opt,
                                 int64_t *workingBytes = nullptr)
{
    difflens::OpenedImage o;
    std::string error;
    if (!difflens::openImageRows(path, opt, o, error))
        return difflens::Image();
    if (workingBytes)
        *workingBytes = o.rows->workingBytes();
    difflens::Image img(o.rows->width(), o.rows->height(), 4, o.rows->depth());
    for (int y = 0; y < img.height(); y += 3) {
        const int n = std::min(3, img.height() - y);
        if (!o.rows->readRows(img.row(y), img.stride(), n, error))
            return difflens::Image();
    }
    return img;
}

} // namespace pngtest
