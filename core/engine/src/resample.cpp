// Exact box-area downscaling (Low tier).
#include "pipeline_resample.h"

#include "difflens/engine/parallel.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace difflens::detail {

namespace {

// Contributions of source indices to one destination index along one axis.
struct Span {
    int first = 0;
    std::vector<double> weights; // weights[i] for source index first+i, summing to 1
};

std::vector<Span> axisSpans(int srcLen, int dstLen)
{
    std::vector<Span> spans(static_cast<size_t>(dstLen));
    const double scale = double(srcLen) / dstLen;
    for (int d = 0; d < dstLen; ++d) {
        const double lo = d * scale, hi = (d + 1) * scale;
        const int first = int(std::floor(lo));
        const int last = std::min(srcLen - 1, int(std::ceil(hi)) - 1);
        Span &s = spans[size_t(d)];
        s.first = first;
        for (int i = first; i <= last; ++i) {
            const double cover = std::min(hi, double(i + 1)) - std::max(lo, double(i));
            s.weights.push_back(std::max(0.0, cover) / scale);
        }
    }
    return spans;
}

template <typename T>
void resampleRows(const ImageView &src, Image &dst, const std::vector<Span> &xs, const std::vector<Span> &ys,
                  int rowBegin, int rowEnd)
{
    const int ch = src.channels;
    const int dw = dst.width();
    const double maxValue = sizeof(T) == 1 ? 255.0 : 65535.0;
    std::vector<double> acc(size_t(dw) * ch), line(size_t(dw) * ch);
    for (int dy = rowBegin; dy < rowEnd; ++dy) {
        std::fill(acc.begin(), acc.end(), 0.0);
        const Span &sy = ys[size_t(dy)];
        for (size_t k = 0; k < sy.weights.size(); ++k) {
            const T *row = reinterpret_cast<const T *>(src.row(sy.first + int(k)));
            // Horizontal pass of one source row into `line`.
            for (int dx = 0; dx < dw; ++dx) {
                const Span &sx = xs[size_t(dx)];
                double sum[4] = {0, 0, 0, 0};
                for (size_t j = 0; j < sx.weights.size(); ++j) {
                    const T *p = row + size_t(sx.first + int(j)) * ch;
                    for (int c = 0; c < ch; ++c)
                        sum[c] += sx.weights[j] * p[c];
                }
                for (int c = 0; c < ch; ++c)
                    line[size_t(dx) * ch + c] = sum[c];
            }
            const double wy = sy.weights[k];
            for (size_t i = 0; i < acc.size(); ++i)
                acc[i] += wy * line[i];
        }
        T *out = reinterpret_cast<T *>(dst.row(dy));
        for (size_t i = 0; i < acc.size(); ++i)
            out[i] = T(std::clamp(std::lround(acc[i]), 0L, long(maxValue)));
    }
}

} // namespace

Image downscaleArea(const ImageView &src, int dstWidth, int dstHeight, int threads)
{
    dstWidth = std::clamp(dstWidth, 1, src.width);
    dstHeight = std::clamp(dstHeight, 1, src.height);
    Image dst(dstWidth, dstHeight, src.channels, src.depth);
    if (dstWidth == src.width && dstHeight == src.height) {
        for (int y = 0; y < src.height; ++y)
            std::memcpy(dst.row(y), src.row(y), dst.stride());
        return dst;
    }
    const std::vector<Span> xs = axisSpans(src.width, dstWidth);
    const std::vector<Span> ys = axisSpans(src.height, dstHeight);
    parallelFor(
        dstHeight,
        [&src, &dst, &xs, &ys](int b, int e) {
            if (src.depth == 16)
                resampleRows<uint16_t>(src, dst, xs, ys, b, e);
            else
                resampleRows<uint8_t>(src, dst, xs, ys, b, e);
        },
        threads);
    return dst;
}

} // namespace difflens::detail
