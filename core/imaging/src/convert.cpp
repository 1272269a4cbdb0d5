#include "difflens/imaging/convert.h"

#include "cv_bridge.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstring>

namespace difflens {

namespace {

Image copyOf(const ImageView &img)
{
    Image out(img.width, img.height, img.channels, img.depth);
    const size_t rowBytes = out.stride();
    for (int y = 0; y < img.height; ++y)
        std::memcpy(out.row(y), img.row(y), rowBytes);
    return out;
}

template <typename T>
void greyAlphaToRgba(const ImageView &img, Image &out)
{
    for (int y = 0; y < img.height; ++y) {
        const T *s = reinterpret_cast<const T *>(img.row(y));
        T *d = reinterpret_cast<T *>(out.row(y));
        for (int x = 0; x < img.width; ++x) {
            d[4 * x] = d[4 * x + 1] = d[4 * x + 2] = s[2 * x];
            d[4 * x + 3] = s[2 * x + 1];
        }
    }
}

} // namespace

Size2 fitWithin(int width, int height, int maxWidth, int maxHeight)
{
    if (width <= 0 || height <= 0)
        return {};
    maxWidth = std::max(1, maxWidth);
    maxHeight = std::max(1, maxHeight);
    if (width <= maxWidth && height <= maxHeight)
        return {width, height};
    const double scale = std::min(double(maxWidth) / width, double(maxHeight) / height);
    return {std::clamp(int(width * scale + 0.5), 1, maxWidth), std::clamp(int(height * scale + 0.5), 1, maxHeight)};
}

Image downscaleArea(const ImageView &img, int width, int height)
{
    if (!img.valid() || width <= 0 || height <= 0)
        return {};
    if (width >= img.width && height >= img.height)
        return copyOf(img);
    width = std::min(width, img.width);
    height = std::min(height, img.height);
    Image out(width, height, img.channels, img.depth);
    const cv::Mat src = cvb::wrap(img);
    cvb::intoImage(out, [&src, width, height](cv::Mat &dst) {
        cv::resize(src, dst, cv::Size(width, height), 0, 0, cv::INTER_AREA);
    });
    return out;
}

Image thumbnail(const ImageView &img, int maxWidth, int maxHeight)
{
    const Size2 s = fitWithin(img.width, img.height, maxWidth, maxHeight);
    return downscaleArea(img, s.width, s.height);
}

Image toDepth8(const ImageView &img)
{
    if (!img.valid())
        return {};
    if (img.depth == 8)
        return copyOf(img);
    Image out(img.width, img.height, img.channels, 8);
    for (int y = 0; y < img.height; ++y) {
        const uint16_t *s = reinterpret_cast<const uint16_t *>(img.row(y));
        uint8_t *d = out.row(y);
        const size_t n = size_t(img.width) * img.channels;
        for (size_t i = 0; i < n; ++i)
            d[i] = uint8_t((uint32_t(s[i]) * 255u + 32767u) / 65535u);
    }
    return out;
}

Image toRgba(const ImageView &img)
{
    if (!img.valid() || img.channels < 1 || img.channels > 4)
        return {};
    if (img.channels == 4)
        return copyOf(img);
    Image out(img.width, img.height, 4, img.depth);
    if (img.channels == 2) {
        if (img.depth == 16)
            greyAlphaToRgba<uint16_t>(img, out);
        else
            greyAlphaToRgba<uint8_t>(img, out);
        return out;
    }
    const cv::Mat src = cvb::wrap(img);
    const int code = img.channels == 1 ? cv::COLOR_GRAY2RGBA : cv::COLOR_RGB2RGBA;
    cvb::intoImage(out, [&src, code](cv::Mat &dst) { cv::cvtColor(src, dst, code); });
    return out;
}

} // namespace difflens
