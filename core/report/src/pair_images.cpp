// The pixels of a pair's pages (pair_images.h): decoded images, or a streamed pair's layer store.
#include "pair_images.h"

#include "print_images.h"

#include <algorithm>
#include <cstring>

namespace difflens::report::detail {

namespace {

LayerKind kindOf(PairLayer layer)
{
    return layer == PairLayer::A ? LayerKind::A : layer == PairLayer::B ? LayerKind::B : LayerKind::Diff;
}

const Image *wholeImage(const PairContent &p, PairLayer layer)
{
    const Image *img = layer == PairLayer::A   ? p.imageA.get()
                       : layer == PairLayer::B ? p.imageB.get()
                       : p.result              ? &p.result->job.diff
                                               : nullptr;
    return img && !img->isNull() ? img : nullptr;
}

bool storeUsable(const PairContent &p)
{
    return p.store && p.store->complete() && p.store->levelCount() > 0;
}

// The diff layer exists only for pixels that were compared.
bool storeHasDiff(const PairContent &p)
{
    return p.result && p.result->ok && !p.result->layoutDiffers;
}

// The smallest in-memory level that still covers a fit of maxW x maxH (else the largest one).
int printLevel(const LayerStore &s, int maxW, int maxH)
{
    const Size2 want = fitWithin(s.width(), s.height(), std::max(1, maxW), std::max(1, maxH));
    int level = s.firstMemoryLevel();
    for (int l = s.levelCount() - 1; l >= s.firstMemoryLevel(); --l) {
        if (s.levelWidth(l) >= want.width && s.levelHeight(l) >= want.height) {
            level = l;
            break;
        }
    }
    return level;
}

Rect levelRect(const Rect &r, int level)
{
    const int64_t k = int64_t(1) << level;
    const int x0 = int(r.x / k), y0 = int(r.y / k);
    const int x1 = int((int64_t(r.x) + r.width + k - 1) / k), y1 = int((int64_t(r.y) + r.height + k - 1) / k);
    return Rect{x0, y0, std::max(1, x1 - x0), std::max(1, y1 - y0)};
}

} // namespace

Image storeRegion(const LayerStore &store, LayerKind kind, int level, const Rect &want, std::string &error)
{
    const Rect r = want.intersected(Rect{0, 0, store.levelWidth(level), store.levelHeight(level)});
    if (r.empty()) {
        error = "empty rectangle";
        return {};
    }
    const bool oneByte = kind == LayerKind::Heat || kind == LayerKind::Mask;
    if (store.levelInMemory(level)) {
        const std::shared_ptr<const LevelBuffer> buf = store.memoryLevel(kind, level);
        if (!buf || buf->rowsReady() < r.y + r.height ||
            (buf->bytesPerPixel != 1 && buf->bytesPerPixel != 4)) {
            error = "level not in memory";
            return {};
        }
        Image out(r.width, r.height, buf->bytesPerPixel, 8);
        const size_t bpp = size_t(buf->bytesPerPixel);
        for (int y = 0; y < r.height; ++y)
            std::memcpy(out.row(y), buf->pixels.get() + (size_t(r.y + y) * buf->width + r.x) * bpp,
                        r.width * bpp);
        return out;
    }
    const bool deep = level == 0 && store.depth() == 16 && (kind == LayerKind::A || kind == LayerKind::B);
    Image out(r.width, r.height, oneByte ? 1 : 4, deep ? 16 : 8);
    const size_t bpp = out.channels() * size_t(out.depth() / 8);
    const int t = store.tileSize();
    TilePixels tile;
    for (int ty = r.y / t; ty <= (r.y + r.height - 1) / t; ++ty) {
        for (int tx = r.x / t; tx <= (r.x + r.width - 1) / t; ++tx) {
            if (!store.readTile(kind, level, tx, ty, tile, error)) {
                if (error.empty())
                    error = "tile not written";
                return {};
            }
            if (size_t(tile.bytesPerPixel) != bpp) {
                error = "unexpected tile format";
                return {};
            }
            const Rect cell = Rect{tx * t, ty * t, tile.width, tile.height}.intersected(r);
            for (int y = cell.y; y < cell.y + cell.height; ++y)
                std::memcpy(out.row(y - r.y) + size_t(cell.x - r.x) * bpp,
                            tile.pixels.data() + (size_t(y - ty * t) * tile.width + (cell.x - tx * t)) * bpp,
                            cell.width * bpp);
        }
    }
    return out;
}

QString missingSideText(const PairContent &p)
{
    if (p.store && p.result && p.result->layoutDiffers)
        return QStringLiteral(
            "Not available: a streamed pair whose sizes differ keeps the compared area only.");
    return QStringLiteral("Not available.");
}

bool hasLayer(const PairContent &p, PairLayer layer)
{
    if (storeUsable(p)) {
        if (layer == PairLayer::Diff)
            return storeHasDiff(p);
        // The store holds the compared area: a side of another size (the layout differs) is
        // not in it whole.
        const ImageInfo *side = p.result ? (layer == PairLayer::A ? &p.result->a : &p.result->b) : nullptr;
        return side && side->width == p.store->width() && side->height == p.store->height();
    }
    return wholeImage(p, layer) != nullptr;
}

Size2 layerSize(const PairContent &p, PairLayer layer)
{
    if (!hasLayer(p, layer))
        return Size2{0, 0};
    if (storeUsable(p))
        return Size2{p.store->width(), p.store->height()};
    const Image *img = wholeImage(p, layer);
    return Size2{img->width(), img->height()};
}

QImage layerPrint(const PairContent &p, PairLayer layer, int maxW, int maxH)
{
    if (!hasLayer(p, layer))
        return {};
    if (!storeUsable(p))
        return toPrintImage(wholeImage(p, layer)->view(), maxW, maxH);
    const LayerStore &s = *p.store;
    const int level = printLevel(s, maxW, maxH);
    std::string error;
    const Image img =
        storeRegion(s, kindOf(layer), level, Rect{0, 0, s.levelWidth(level), s.levelHeight(level)}, error);
    return img.isNull() ? QImage() : toPrintImage(img.view(), maxW, maxH);
}

QImage layerCrop(const PairContent &p, PairLayer layer, const Rect &r, int maxW, int maxH)
{
    if (!hasLayer(p, layer))
        return {};
    if (!storeUsable(p))
        return cropForPrint(wholeImage(p, layer)->view(), r, maxW, maxH);
    const LayerStore &s = *p.store;
    const Rect c = r.intersected(Rect{0, 0, s.width(), s.height()});
    if (c.empty())
        return {};
    // Level 0 unless the crop is printed reduced: then the coarsest level that keeps the
    // printed resolution (each level halves it).
    int level = 0;
    const double scale = std::min(double(maxW) / c.width, double(maxH) / c.height);
    while (level + 1 < s.levelCount() && scale * double(int64_t(2) << level) <= 1.0)
        ++level;
    std::string error;
    Image img = storeRegion(s, kindOf(layer), level, levelRect(c, level), error);
    if (img.isNull() && !s.levelInMemory(level)) // tiles not written: the largest in-memory level
        img = storeRegion(s, kindOf(layer), s.firstMemoryLevel(), levelRect(c, s.firstMemoryLevel()), error);
    return img.isNull() ? QImage()
                        : cropForPrint(img.view(), Rect{0, 0, img.width(), img.height()}, maxW, maxH);
}

QImage pairHeatmap(const PairContent &p, int maxW, int maxH, int *peak)
{
    if (storeUsable(p)) {
        if (!storeHasDiff(p))
            return {};
        const LayerStore &s = *p.store;
        const int level = printLevel(s, maxW, maxH);
        std::string error;
        const Image heat = storeRegion(s, LayerKind::Heat, level,
                                       Rect{0, 0, s.levelWidth(level), s.levelHeight(level)}, error);
        if (heat.isNull())
            return {};
        if (peak)
            *peak = s.heatPeak();
        return heatLayerImage(heat.view(), s.heatPeak(), s.depth(), maxW, maxH);
    }
    if (!p.imageA || !p.imageB || p.imageA->isNull() || p.imageB->isNull())
        return {};
    return deltaHeatmap(p.imageA->view(), p.imageB->view(), maxW, maxH, peak);
}

} // namespace difflens::report::detail
