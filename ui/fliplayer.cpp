// The FLIP layer: an engine run with FLIP on, its map as magma-coloured 8-bit levels.
#include "fliplayer.h"

#include "imagebridge.h"
#include "memoryerror.h"

#include "difflens/compare/heatmap.h"

#include <memory>

namespace difflens::ui {

QVector<QRgb> magmaColorTable()
{
    const auto &ramp = magmaRampTable();
    return QVector<QRgb>(ramp.begin(), ramp.end());
}

ViewImage flipMapLayer(const FloatImage &map)
{
    if (map.width <= 0 || map.height <= 0 || map.data.size() < size_t(map.width) * size_t(map.height))
        return {};
    auto bytes = std::make_shared<std::vector<uint8_t>>(size_t(map.width) * size_t(map.height));
    for (int y = 0; y < map.height; ++y) {
        const size_t row = size_t(y) * size_t(map.width);
        flipErrorRowToPixels(map.data.data() + row, map.width, true, bytes->data() + row);
    }
    // Max-pooled previews keep the largest error of each block visible.
    return ViewImage(wrapIndexed(bytes, map.width, map.height, magmaColorTable()), ViewImage::Reduce::Max);
}

FlipLayer flipLayer(const Image &a, const Image &b, const ImageInfo &infoA, const ImageInfo &infoB,
                    const CompareOptions &options)
{
    FlipLayer out;
    try {
        CompareOptions opt = options;
        opt.keepImages = false;
        opt.job.wantDiffImage = false;
        opt.job.wantMask = false;
        opt.job.computeSsim = false;
        opt.job.computeFlip = true;
        opt.job.flip.wantMap = true;
        opt.flipMapPath.clear();
        CompareResult r = compareImages(a, b, infoA, infoB, opt);
        if (r.ok && r.job.flip) {
            const FloatImage map = std::move(r.job.flip->map);
            r.job.flip->map = {};
            out.view = flipMapLayer(map);
            out.result = std::move(r.job.flip);
        } else if (!r.ok && !r.job.canceled) {
            out.error = QString::fromStdString(r.errorMessage());
            out.outOfMemory = isOutOfMemoryText(out.error);
        }
    } catch (...) {
        out = FlipLayer{};
        out.error = describeException(std::current_exception(), &out.outOfMemory);
    }
    return out;
}

} // namespace difflens::ui
