// Streaming TIFF decoder for the simple layouts: contiguous 8/16-bit unsigned grey,
// grey+alpha, RGB and RGBA, in strips (scanlines) or tiles (one row of tiles at a time),
// converted by tiff_pixels.h as the whole-image decoder does. Every other layout takes
// the whole-frame route.
#include "stream_internal.h"
#include "tiff_pixels.h"

#include <tiffio.h>

#include <algorithm>
#include <cstdarg>
#include <cstring>

namespace difflens::stream {

namespace {

const char *const kCorrupt = "truncated or corrupt TIFF data";

int quiet(TIFF *, void *, const char *, const char *, va_list)
{
    return 1;
}

using Layout = tiff::PixelLayout;

class TiffRows final : public BasicRowSource {
public:
    TiffRows(TIFF *tif, int w, int h, int depth, const Layout &L)
        : BasicRowSource(w, h, depth), m_tif(tif), m_L(L)
    {
    }
    ~TiffRows() override { TIFFClose(m_tif); }

    bool init()
    {
        if (TIFFIsTiled(m_tif)) {
            TIFFGetField(m_tif, TIFFTAG_TILEWIDTH, &m_tw);
            TIFFGetField(m_tif, TIFFTAG_TILELENGTH, &m_th);
            const tmsize_t tileSize = TIFFTileSize(m_tif);
            m_tileRow = size_t(m_tw) * size_t(m_L.spp) * size_t(m_depth / 8);
            if (m_tw == 0 || m_th == 0 || tileSize <= 0 || size_t(tileSize) < m_tileRow * m_th)
                return false;
            m_raw.resize(size_t(tileSize));
            m_band.resize(rowBytes() * m_th);
            return true;
        }
        const tmsize_t lineSize = TIFFScanlineSize(m_tif);
        if (lineSize <= 0 || size_t(lineSize) < size_t(m_width) * size_t(m_L.spp) * size_t(m_depth / 8))
            return false;
        m_raw.resize(size_t(lineSize));
        uint64_t *counts = nullptr;
        if (TIFFGetField(m_tif, TIFFTAG_STRIPBYTECOUNTS, &counts) && counts) {
            const uint32_t strips = TIFFNumberOfStrips(m_tif);
            for (uint32_t i = 0; i < strips; ++i)
                m_maxStrip = std::max<uint64_t>(m_maxStrip, counts[i]);
        }
        return true;
    }

    int64_t workingBytes() const override
    {
        // Our raw scanline / tile and tile band; libtiff's strip buffer (at most the
        // largest strip) and directory.
        return int64_t(m_raw.size() + m_band.size()) + int64_t(std::min<uint64_t>(m_maxStrip, uint64_t(64) << 20)) +
               64 * 1024;
    }

protected:
    bool readImpl(uint8_t *dst, size_t stride, int count) override
    {
        for (int i = 0; i < count; ++i, ++m_rows) {
            uint8_t *out = dst + size_t(i) * stride;
            if (m_tw == 0) {
                if (TIFFReadScanline(m_tif, m_raw.data(), uint32_t(m_rows), 0) < 0)
                    return failAt(kCorrupt, m_rows);
                expand(m_raw.data(), out, m_width);
                continue;
            }
            const int bandTop = m_rows / int(m_th) * int(m_th);
            if (bandTop != m_bandTop && !readTileRow(bandTop))
                return failAt(kCorrupt, m_rows);
            std::memcpy(out, m_band.data() + size_t(m_rows - bandTop) * rowBytes(), rowBytes());
        }
        return true;
    }

private:
    void expand(const uint8_t *src, uint8_t *dst, int count) const
    {
        tiff::expandPixels(src, dst, count, m_L, m_depth);
    }

    bool readTileRow(int top)
    {
        m_bandTop = -1;
        const uint32_t rows = std::min<uint32_t>(m_th, uint32_t(m_height - top));
        const size_t px = size_t(4) * size_t(m_depth / 8);
        for (uint32_t tx = 0; tx < uint32_t(m_width); tx += m_tw) {
            if (TIFFReadTile(m_tif, m_raw.data(), tx, uint32_t(top), 0, 0) < 0)
                return false;
            const int n = int(std::min<uint32_t>(m_tw, uint32_t(m_width) - tx));
            for (uint32_t r = 0; r < rows; ++r)
                expand(m_raw.data() + r * m_tileRow, m_band.data() + r * rowBytes() + tx * px, n);
        }
        m_bandTop = top;
        return true;
    }

    TIFF *m_tif;
    Layout m_L;
    uint32_t m_tw = 0, m_th = 0;
    size_t m_tileRow = 0;
    uint64_t m_maxStrip = 0;
    int m_bandTop = -1;
    std::vector<uint8_t> m_raw, m_band;
};

} // namespace

bool openTiffRows(const std::string &path, OpenedImage &out, std::string &error)
{
    error.clear();
    TIFFOpenOptions *opts = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(opts, quiet, nullptr);
    TIFFOpenOptionsSetWarningHandlerExtR(opts, quiet, nullptr);
    // "m": no memory mapping, so the file's pages never count as our memory.
    TIFF *tif = TIFFOpenExt(path.c_str(), "rm", opts);
    TIFFOpenOptionsFree(opts);
    if (!tif)
        return false; // the whole-frame route gives decodeImageFile's reason
    const tiff::Fields f = tiff::readFields(tif);
    const uint32_t w = f.width, h = f.height;
    if (!f.hasPhotometric || !f.greyOrRgb || f.layout.format != SAMPLEFORMAT_UINT || (f.bits != 8 && f.bits != 16) ||
        f.planar != PLANARCONFIG_CONTIG || int64_t(w) != out.header.width || int64_t(h) != out.header.height) {
        TIFFClose(tif);
        return false;
    }
    auto rows = std::make_unique<TiffRows>(tif, int(w), int(h), f.bits, f.layout);
    if (!rows->init()) {
        error = kCorrupt;
        return false;
    }
    out.route = "rows";
    out.rows = std::move(rows);
    return true;
}

} // namespace difflens::stream
