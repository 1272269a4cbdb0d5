// Zero-copy wrapping of engine images as QImages, and the QImage-to-engine copy.
#include "imagebridge.h"

#include <cstring>

namespace difflens::ui {

namespace {
// A QImage over `data`, which `held` keeps alive: the holder is owned here until Qt has
// accepted it (a null QImage never calls the cleanup function; an exception from its
// constructor must not leak it either).
template <typename T>
QImage wrapHeld(std::shared_ptr<const T> held, const uchar *data, int width, int height, qsizetype stride,
                QImage::Format format)
{
    auto holder = std::make_unique<std::shared_ptr<const T>>(std::move(held));
    QImage out(data, width, height, stride, format,
               [](void *payload) { delete static_cast<std::shared_ptr<const T> *>(payload); }, holder.get());
    if (!out.isNull())
        holder.release();
    return out;
}
} // namespace

QImage wrapImage(std::shared_ptr<const Image> image)
{
    if (!image || image->isNull() || image->channels() != 4)
        return {};
    const Image &img = *image; // kept alive by the holder
    return wrapHeld(std::move(image), img.data(), img.width(), img.height(), qsizetype(img.stride()),
                    img.depth() == 16 ? QImage::Format_RGBA64 : QImage::Format_RGBA8888);
}

QImage wrapIndexed(std::shared_ptr<const std::vector<uint8_t>> bytes, int width, int height,
                   const QVector<QRgb> &colorTable)
{
    if (!bytes || width <= 0 || height <= 0 || bytes->size() < size_t(width) * size_t(height))
        return {};
    const uchar *data = bytes->data();
    QImage out = wrapHeld(std::move(bytes), data, width, height, width, QImage::Format_Indexed8);
    if (!out.isNull())
        out.setColorTable(colorTable);
    return out;
}

Image imageFromQImage(const QImage &image)
{
    const QImage rgba = image.convertToFormat(QImage::Format_RGBA8888);
    if (rgba.isNull())
        return {};                                // null input, or the converted copy did not fit
    Image out(rgba.width(), rgba.height(), 4, 8); // std::bad_alloc when it does not fit
    for (int y = 0; y < rgba.height(); ++y)
        std::memcpy(out.row(y), rgba.constScanLine(y), out.stride());
    return out;
}

} // namespace difflens::ui
