// Fast PNG writer: one cheap per-row filter, then a single zlib stream written straight into
// the output buffer as one IDAT chunk (PNG allows any IDAT size up to 2^31-1 bytes).
#include "png_writer.h"

#include "difflens/engine/parallel.h"

#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <new>

namespace difflens::png {

namespace {

struct Layout {
    int outChannels = 0;
    int colorType = 0;
    int bytesPerSample = 1;
    int bpp = 1;            // bytes per output pixel
    size_t rowBytes = 0;    // output row without the filter byte
    bool dropAlpha = false;
};

void put32(uint8_t *p, uint32_t v)
{
    p[0] = uint8_t(v >> 24);
    p[1] = uint8_t(v >> 16);
    p[2] = uint8_t(v >> 8);
    p[3] = uint8_t(v);
}

bool alphaOpaque(const ImageView &img, int threads)
{
    const int ch = img.channels;
    std::atomic<bool> flag{true};
    std::atomic<bool> *opaque = &flag;
    const ImageView view = img;
    parallelFor(img.height, [view, ch, opaque](int y0, int y1) {
        const ImageView &img = view;
        for (int y = y0; y < y1 && opaque->load(std::memory_order_relaxed); ++y) {
            if (img.depth == 8) {
                const uint8_t *r = img.row(y) + (ch - 1);
                uint8_t all = 255;
                for (int x = 0; x < img.width; ++x)
                    all &= r[size_t(x) * ch];
                if (all != 255)
                    opaque->store(false);
            } else {
                const uint16_t *r = reinterpret_cast<const uint16_t *>(img.row(y)) + (ch - 1);
                uint16_t all = 0xffff;
                for (int x = 0; x < img.width; ++x)
                    all &= r[size_t(x) * ch];
                if (all != 0xffff)
                    opaque->store(false);
            }
        }
    }, threads);
    return flag.load();
}

// Produces the row as PNG stores it: alpha dropped when opaque, 16-bit samples big-endian.
const uint8_t *rawRow(const ImageView &img, int y, const Layout &L, uint8_t *scratch)
{
    const uint8_t *src = img.row(y);
    if (!L.dropAlpha && L.bytesPerSample == 1)
        return src;
    const int inCh = img.channels, outCh = L.outChannels;
    if (L.bytesPerSample == 1) {
        if (inCh == 4) {
            for (int x = 0; x < img.width; ++x) {
                scratch[3 * size_t(x)] = src[4 * size_t(x)];
                scratch[3 * size_t(x) + 1] = src[4 * size_t(x) + 1];
                scratch[3 * size_t(x) + 2] = src[4 * size_t(x) + 2];
            }
        } else { // grey+alpha -> grey
            for (int x = 0; x < img.width; ++x)
                scratch[x] = src[2 * size_t(x)];
        }
        return scratch;
    }
    const uint16_t *s = reinterpret_cast<const uint16_t *>(src);
    for (int x = 0; x < img.width; ++x) {
        for (int c = 0; c < outCh; ++c) {
            const uint16_t v = s[size_t(x) * inCh + c];
            uint8_t *d = scratch + (size_t(x) * outCh + c) * 2;
            d[0] = uint8_t(v >> 8);
            d[1] = uint8_t(v);
        }
    }
    return scratch;
}

inline uint8_t paeth(int a, int b, int c)
{
    const int p = a + b - c;
    const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
    if (pa <= pb && pa <= pc)
        return uint8_t(a);
    return uint8_t(pb <= pc ? b : c);
}

void filterRow(Filter f, const uint8_t *cur, const uint8_t *prev, size_t n, int bpp, uint8_t *out)
{
    out[0] = uint8_t(f);
    uint8_t *o = out + 1;
    const size_t b = size_t(bpp);
    switch (f) {
    case Filter::None: std::memcpy(o, cur, n); break;
    case Filter::Sub:
        std::memcpy(o, cur, std::min(b, n));
        for (size_t i = b; i < n; ++i)
            o[i] = uint8_t(cur[i] - cur[i - b]);
        break;
    case Filter::Up:
        for (size_t i = 0; i < n; ++i)
            o[i] = uint8_t(cur[i] - prev[i]);
        break;
    case Filter::Average:
        for (size_t i = 0; i < std::min(b, n); ++i)
            o[i] = uint8_t(cur[i] - (prev[i] >> 1));
        for (size_t i = b; i < n; ++i)
            o[i] = uint8_t(cur[i] - ((cur[i - b] + prev[i]) >> 1));
        break;
    case Filter::Paeth:
        for (size_t i = 0; i < std::min(b, n); ++i)
            o[i] = uint8_t(cur[i] - prev[i]);
        for (size_t i = b; i < n; ++i)
            o[i] = uint8_t(cur[i] - paeth(cur[i - b], prev[i], prev[i - b]));
        break;
    }
}

// Filters rows [y0, y1) into dst (which points at row y0 of the filtered stream).
void filterRows(const ImageView &img, const Layout &L, Filter f, int y0, int y1, uint8_t *dst)
{
    const size_t n = L.rowBytes;
    std::unique_ptr<uint8_t[]> scratch(new uint8_t[2 * n]);
    std::unique_ptr<uint8_t[]> zeros(new uint8_t[n]());
    uint8_t *bufA = scratch.get(), *bufB = scratch.get() + n;
    const uint8_t *prev = y0 > 0 ? rawRow(img, y0 - 1, L, bufA) : zeros.get();
    for (int y = y0; y < y1; ++y) {
        uint8_t *target = (prev == bufA) ? bufB : bufA;
        const uint8_t *cur = rawRow(img, y, L, target);
        // The first row has no row above: Up/Average/Paeth fall back to a cheaper equivalent.
        const Filter rowFilter = (y == 0 && f != Filter::None) ? Filter::Sub : f;
        filterRow(rowFilter, cur, prev, n, L.bpp, dst + size_t(y - y0) * (n + 1));
        prev = cur;
    }
}

bool deflateLibdeflate(const uint8_t *in, size_t n, int level, std::vector<uint8_t> &out, size_t offset)
{
    libdeflate_compressor *c = libdeflate_alloc_compressor(std::clamp(level, 1, 12));
    if (!c)
        return false;
    const size_t bound = libdeflate_zlib_compress_bound(c, n);
    out.resize(offset + bound + 16);
    const size_t got = libdeflate_zlib_compress(c, in, n, out.data() + offset, bound);
    libdeflate_free_compressor(c);
    if (got == 0)
        return false;
    out.resize(offset + got);
    return true;
}

// pigz-style parallel deflate: each segment is a raw deflate run ended by a sync flush
// (byte aligned, not final), the last one ends the stream; the Adler-32 values of the
// segments are combined. Segment k > 0 is primed with the 32 KiB before it.
bool deflateZlibParallel(const uint8_t *in, size_t n, size_t rowStride, int level, int strategy, int threads,
                         std::vector<uint8_t> &out, size_t offset)
{
    const size_t rows = n / rowStride;
    const int segs = int(std::max<size_t>(1, std::min<size_t>(size_t(std::max(1, threads)), rows)));
    std::vector<std::vector<uint8_t>> parts(static_cast<size_t>(segs));
    std::vector<uLong> adlers(static_cast<size_t>(segs));
    std::vector<size_t> starts(static_cast<size_t>(segs) + 1);
    for (int s = 0; s <= segs; ++s)
        starts[size_t(s)] = rows * size_t(s) / size_t(segs) * rowStride;
    std::atomic<bool> okFlag{true};
    std::atomic<bool> *ok = &okFlag;
    std::vector<uint8_t> *partsData = parts.data();
    uLong *adlerData = adlers.data();
    const size_t *startData = starts.data();
    parallelFor(segs, [in, segs, level, strategy, ok, partsData, adlerData, startData](int s0, int s1) {
        const size_t *starts = startData;
        for (int s = s0; s < s1; ++s) {
            const uint8_t *p = in + starts[size_t(s)];
            const size_t len = starts[size_t(s) + 1] - starts[size_t(s)];
            adlerData[s] = adler32(adler32(0, nullptr, 0), p, uInt(len));
            z_stream z{};
            if (deflateInit2(&z, std::clamp(level, 1, 9), Z_DEFLATED, -15, 8, strategy) != Z_OK) {
                ok->store(false);
                return;
            }
            if (s > 0) {
                const size_t dict = std::min<size_t>(32768, starts[size_t(s)]);
                deflateSetDictionary(&z, p - dict, uInt(dict));
            }
            std::vector<uint8_t> &part = partsData[s];
            part.resize(deflateBound(&z, uLong(len)) + 64);
            z.next_in = const_cast<Bytef *>(p);
            z.avail_in = uInt(len);
            z.next_out = part.data();
            z.avail_out = uInt(part.size());
            const int rc = deflate(&z, s == segs - 1 ? Z_FINISH : Z_SYNC_FLUSH);
            if ((s == segs - 1 && rc != Z_STREAM_END) || (s != segs - 1 && rc != Z_OK))
                ok->store(false);
            part.resize(part.size() - z.avail_out);
            deflateEnd(&z);
        }
    }, threads);
    if (!okFlag.load())
        return false;
    uLong adler = adlers[0];
    for (int s = 1; s < segs; ++s)
        adler = adler32_combine(adler, adlers[size_t(s)],
                                z_off_t(starts[size_t(s) + 1] - starts[size_t(s)]));
    size_t total = 2 + 4;
    for (const auto &p : parts)
        total += p.size();
    out.resize(offset + total);
    uint8_t *o = out.data() + offset;
    *o++ = 0x78;
    *o++ = 0x01;
    for (const auto &p : parts) {
        std::memcpy(o, p.data(), p.size());
        o += p.size();
    }
    put32(o, uint32_t(adler));
    return true;
}

void writeChunkHeader(uint8_t *p, uint32_t len, const char *type)
{
    put32(p, len);
    std::memcpy(p + 4, type, 4);
}

void appendCrc(std::vector<uint8_t> &out, size_t chunkStart)
{
    const uint32_t crc = libdeflate_crc32(0, out.data() + chunkStart + 4, out.size() - chunkStart - 4);
    uint8_t b[4];
    put32(b, crc);
    out.insert(out.end(), b, b + 4);
}

} // namespace

bool encode(const ImageView &img, std::vector<uint8_t> &out, std::string &error, const WriterConfig &cfg)
{
    out.clear();
    if (!img.valid() || img.channels < 1 || img.channels > 4 || (img.depth != 8 && img.depth != 16)) {
        error = "cannot encode PNG: expected 1-4 channels at 8 or 16 bits";
        return false;
    }
    if (img.stride < size_t(img.width) * img.bytesPerPixel()) {
        error = "cannot encode PNG: row stride is smaller than a row";
        return false;
    }
    Layout L;
    L.bytesPerSample = img.depth / 8;
    L.dropAlpha = (img.channels == 2 || img.channels == 4) && alphaOpaque(img, cfg.threads);
    L.outChannels = img.channels - (L.dropAlpha ? 1 : 0);
    static const int colorTypes[5] = {0, 0, 4, 2, 6};
    L.colorType = colorTypes[L.outChannels];
    L.bpp = L.outChannels * L.bytesPerSample;
    L.rowBytes = size_t(img.width) * size_t(L.bpp);
    try {
        const size_t filteredSize = (L.rowBytes + 1) * size_t(img.height);
        std::unique_ptr<uint8_t[]> filtered(new uint8_t[filteredSize]);
        uint8_t *fdata = filtered.get();
        const ImageView view = img;
        const Filter filter = cfg.filter;
        parallelFor(img.height, [view, L, filter, fdata](int y0, int y1) {
            filterRows(view, L, filter, y0, y1, fdata + size_t(y0) * (L.rowBytes + 1));
        }, cfg.threads);

        static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        out.reserve(filteredSize / 4 + 1024);
        out.insert(out.end(), signature, signature + 8);
        uint8_t ihdr[25];
        writeChunkHeader(ihdr, 13, "IHDR");
        put32(ihdr + 8, uint32_t(img.width));
        put32(ihdr + 12, uint32_t(img.height));
        ihdr[16] = uint8_t(img.depth);
        ihdr[17] = uint8_t(L.colorType);
        ihdr[18] = ihdr[19] = ihdr[20] = 0; // deflate, adaptive filtering, no interlace
        out.insert(out.end(), ihdr, ihdr + 21);
        appendCrc(out, 8);

        const size_t idatStart = out.size();
        bool ok = false;
        if (cfg.deflater == Deflater::Libdeflate)
            ok = deflateLibdeflate(fdata, filteredSize, cfg.level, out, idatStart + 8);
        else
            ok = deflateZlibParallel(fdata, filteredSize, L.rowBytes + 1, cfg.level,
                                     cfg.deflater == Deflater::ZlibRleParallel ? Z_RLE : Z_DEFAULT_STRATEGY,
                                     cfg.threads, out, idatStart + 8);
        if (!ok) {
            error = "cannot encode PNG: compression failed";
            out.clear();
            return false;
        }
        const size_t idatLen = out.size() - idatStart - 8;
        if (idatLen > 0x7fffffffu) {
            error = "cannot encode PNG: image data too large";
            out.clear();
            return false;
        }
        writeChunkHeader(out.data() + idatStart, uint32_t(idatLen), "IDAT");
        appendCrc(out, idatStart);
        const size_t iendStart = out.size();
        uint8_t iend[8];
        writeChunkHeader(iend, 0, "IEND");
        out.insert(out.end(), iend, iend + 8);
        appendCrc(out, iendStart);
    } catch (const std::bad_alloc &) {
        out.clear();
        error = "not enough memory to encode the PNG";
        return false;
    }
    return true;
}

} // namespace difflens::png
