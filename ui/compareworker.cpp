#include "compareworker.h"

#include "colormap.h"
#include "imagebridge.h"

#include "difflens/engine/parallel.h"
#include "difflens/imaging/decode.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cstdlib>
#include <future>

namespace difflens::ui {

namespace {

SideOutput prepareSide(const SideInput &in, int64_t maxPixels)
{
    SideOutput out;
    out.path = in.path;
    out.image = in.image;
    out.info = in.info;
    if (!out.image) {
        if (in.path.isEmpty())
            return out;
        DecodeOptions opt;
        opt.maxPixels = maxPixels;
        DecodeResult d = decodeImageFile(in.path.toStdString(), opt);
        if (!d.ok) {
            out.error = QString::fromStdString(d.error);
            if (out.error.isEmpty())
                out.error = QStringLiteral("cannot read the image");
            return out;
        }
        out.info.path = in.path.toStdString();
        out.info.width = d.image.width();
        out.info.height = d.image.height();
        out.info.channels = d.sourceChannels;
        out.info.depth = d.sourceDepth;
        out.image = std::make_shared<const Image>(std::move(d.image));
    }
    out.view = ViewImage(wrapImage(out.image));
    return out;
}

template <typename T>
void deltaRows(const Image &a, const Image &b, std::vector<uint8_t> &out, int shift, int y0, int y1, int &maxDelta)
{
    const int w = a.width();
    int localMax = 0;
    for (int y = y0; y < y1; ++y) {
        const T *ra = reinterpret_cast<const T *>(a.row(y));
        const T *rb = reinterpret_cast<const T *>(b.row(y));
        uint8_t *o = out.data() + size_t(y) * w;
        for (int x = 0; x < w; ++x) {
            int m = 0;
            for (int c = 0; c < 4; ++c)
                m = std::max(m, std::abs(int(ra[4 * x + c]) - int(rb[4 * x + c])));
            o[x] = uint8_t(std::min(255, m >> shift));
            localMax = std::max(localMax, m);
        }
    }
    maxDelta = localMax;
}

ViewImage maskLayer(const std::vector<uint8_t> &mask, int w, int h, const QColor &diff, const QColor &aa)
{
    if (mask.size() < size_t(w) * size_t(h))
        return {};
    // Display order 0 same, 1 ignored, 2 anti-aliased, 3 different so max-pooled previews
    // keep differences visible.
    static constexpr uint8_t remap[4] = {0, 3, 2, 1};
    auto bytes = std::make_shared<std::vector<uint8_t>>(mask.size());
    for (size_t i = 0; i < mask.size(); ++i)
        (*bytes)[i] = mask[i] < 4 ? remap[mask[i]] : 0;
    return ViewImage(wrapIndexed(bytes, w, h, maskTable(diff, aa)), ViewImage::Reduce::Max);
}

ViewImage ssimLayer(const FloatImage &map, const QVector<QRgb> &table)
{
    if (map.width <= 0 || map.height <= 0)
        return {};
    auto bytes = std::make_shared<std::vector<uint8_t>>(map.data.size());
    for (size_t i = 0; i < map.data.size(); ++i)
        (*bytes)[i] = uint8_t(std::clamp(1.0f - map.data[i], 0.0f, 1.0f) * 255.0f + 0.5f);
    return ViewImage(wrapIndexed(bytes, map.width, map.height, table), ViewImage::Reduce::Max);
}

} // namespace

std::shared_ptr<std::vector<uint8_t>> deltaIndices(const Image &a, const Image &b, int *peak)
{
    if (a.width() != b.width() || a.height() != b.height() || a.depth() != b.depth() || a.channels() != 4 ||
        b.channels() != 4)
        return {};
    auto out = std::make_shared<std::vector<uint8_t>>(size_t(a.width()) * size_t(a.height()));
    const int n = a.height();
    const int chunks = std::max(1, std::min(n, defaultThreadCount() * 4));
    std::vector<int> maxima(size_t(chunks), 0);
    // First pass records raw maxima (shift 0 saturates 16-bit; rescaled below).
    const int shift = a.depth() == 16 ? 8 : 0;
    // parallelFor returns only when every chunk is done, so plain pointers stay valid.
    const Image *pa = &a, *pb = &b;
    std::vector<uint8_t> *po = out.get();
    int *pm = maxima.data();
    parallelFor(chunks, [pa, pb, po, pm, n, chunks, shift](int c0, int c1) {
        for (int c = c0; c < c1; ++c) {
            const int y0 = int(int64_t(n) * c / chunks), y1 = int(int64_t(n) * (c + 1) / chunks);
            if (pa->depth() == 16)
                deltaRows<uint16_t>(*pa, *pb, *po, shift, y0, y1, pm[c]);
            else
                deltaRows<uint8_t>(*pa, *pb, *po, shift, y0, y1, pm[c]);
        }
    });
    const int maxDelta = *std::max_element(maxima.begin(), maxima.end());
    if (peak)
        *peak = maxDelta;
    const int maxIndex = maxDelta >> shift;
    if (maxIndex > 0 && maxIndex < 255) {
        uint8_t lut[256];
        for (int i = 0; i < 256; ++i)
            lut[i] = uint8_t(std::min(255, (i * 255 + maxIndex / 2) / maxIndex));
        for (uint8_t &v : *out)
            v = lut[v];
    }
    return out;
}

CompareOutcome runCompareWork(const CompareRequest &req)
{
    QElapsedTimer timer;
    timer.start();
    CompareOutcome out;
    out.generation = req.generation;
    // Decode B concurrently with A (both are usually PNG decodes of similar cost).
    const SideInput inB = req.b;
    const int64_t maxPixels = req.options.maxPixels;
    auto futureB = std::async(std::launch::async, [inB, maxPixels] { return prepareSide(inB, maxPixels); });
    out.a = prepareSide(req.a, maxPixels);
    out.b = futureB.get();
    out.decodeMs = double(timer.nsecsElapsed()) / 1e6;
    const bool canceled = req.cancel && req.cancel->load();
    if (canceled || !out.a.image || !out.b.image) {
        out.canceled = canceled;
        out.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
        return out;
    }
    CompareOptions opt = req.options;
    opt.keepImages = false;
    opt.job.wantDiffImage = true;
    opt.job.wantMask = true;
    out.result = compareImages(*out.a.image, *out.b.image, out.a.info, out.b.info, opt);
    out.compareMs = double(timer.nsecsElapsed()) / 1e6 - out.decodeMs;
    if (out.result.job.canceled || (req.cancel && req.cancel->load())) {
        out.canceled = true;
    } else if (!out.result.ok) {
        out.compareError = QString::fromStdString(out.result.errorMessage());
    } else {
        out.compared = true;
        JobResult &job = out.result.job;
        const QVector<QRgb> table = colormapTable(req.colormap);
        auto heatFuture = std::async(std::launch::async, [a = out.a.image, b = out.b.image, table] {
            int peak = 0;
            auto bytes = deltaIndices(*a, *b, &peak);
            ViewImage v = bytes ? ViewImage(wrapIndexed(bytes, a->width(), a->height(), table), ViewImage::Reduce::Max)
                                : ViewImage();
            return std::make_pair(v, peak);
        });
        if (!job.diff.isNull())
            out.diff = ViewImage(wrapImage(std::make_shared<const Image>(std::move(job.diff))));
        out.mask = maskLayer(job.mask, out.a.image->width(), out.a.image->height(), req.diffColor, req.aaColor);
        job.mask = {};
        if (job.ssim && job.ssim->map.width > 0) {
            out.ssim = ssimLayer(job.ssim->map, table);
            job.ssim->map = {};
        }
        auto heat = heatFuture.get();
        out.heat = heat.first;
        out.heatPeak = heat.second;
    }
    out.result.imageA.reset();
    out.result.imageB.reset();
    out.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
    out.layersMs = out.elapsedMs - out.decodeMs - out.compareMs;
    return out;
}

} // namespace difflens::ui
