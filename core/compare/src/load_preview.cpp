// loadImagePreview (load.h): a block-averaged copy of an image file, streamed row by row.
#include "difflens/compare/load.h"

#include "difflens/imaging/stream.h"

#include <algorithm>
#include <new>
#include <vector>

namespace difflens {

LoadedImage loadImagePreview(const std::string &path, int maxEdge, int64_t maxPixels)
{
    LoadedImage out;
    DecodeOptions opt;
    opt.maxPixels = maxPixels;
    OpenedImage src;
    std::string error;
    const bool opened = openImageRows(path, opt, src, error);
    if (src.header.width > 0 && src.header.height > 0) {
        out.header.width = src.header.orientedWidth();
        out.header.height = src.header.orientedHeight();
        out.header.depth = src.header.depth;
    }
    if (!opened || !src.rows) {
        out.error = error.empty() ? std::string("cannot read the image") : error;
        return out;
    }
    RowSource &rows = *src.rows;
    const int w = rows.width(), h = rows.height();
    const bool deep = rows.depth() == 16;
    maxEdge = std::max(1, maxEdge);
    int f = 1;
    while ((w + f - 1) / f > maxEdge || (h + f - 1) / f > maxEdge)
        f *= 2;
    const int ow = (w + f - 1) / f, oh = (h + f - 1) / f;
    try {
        Image img(ow, oh, 4, 8);
        std::vector<uint8_t> row(size_t(w) * 4 * (deep ? 2 : 1));
        std::vector<uint64_t> sums(size_t(ow) * 4);
        for (int oy = 0; oy < oh; ++oy) {
            std::fill(sums.begin(), sums.end(), 0);
            const int y0 = oy * f, rowsIn = std::min(f, h - y0);
            for (int r = 0; r < rowsIn; ++r) {
                if (!rows.readRows(row.data(), row.size(), 1, error)) {
                    out.error = error;
                    return out;
                }
                if (deep) {
                    const uint16_t *px = reinterpret_cast<const uint16_t *>(row.data());
                    for (int x = 0; x < w; ++x)
                        for (int c = 0; c < 4; ++c)
                            sums[size_t(x / f) * 4 + c] += px[size_t(x) * 4 + c];
                } else {
                    for (int x = 0; x < w; ++x)
                        for (int c = 0; c < 4; ++c)
                            sums[size_t(x / f) * 4 + c] += row[size_t(x) * 4 + c];
                }
            }
            uint8_t *dst = img.row(oy);
            for (int ox = 0; ox < ow; ++ox) {
                const uint64_t n = uint64_t(std::min(f, w - ox * f)) * uint64_t(rowsIn);
                for (int c = 0; c < 4; ++c) {
                    const uint64_t mean = (sums[size_t(ox) * 4 + c] + n / 2) / n;
                    dst[size_t(ox) * 4 + c] = uint8_t(deep ? (mean + 128) / 257 : mean);
                }
            }
        }
        out.image = std::move(img);
    } catch (const std::bad_alloc &) {
        out.error = "not enough memory for the preview";
        return out;
    }
    out.ok = true;
    out.info.path = path;
    out.info.width = w;
    out.info.height = h;
    out.info.channels = src.sourceChannels;
    out.info.depth = src.sourceDepth;
    return out;
}

} // namespace difflens
