#include "imagebridge.h"

#include <cstring>

namespace difflens::ui {

namespace {
template <typename T>
void releaseHolder(void *payload) { delete static_cast<std::shared_ptr<T> *>(payload); }
} // namespace

QImage wrapImage(std::shared_ptr<const Image> image)
{
    if (!image || image->isNull() || image->channels() != 4)
        return {};
    const QImage::Format format = image->depth() == 16 ? QImage::Format_RGBA64 : QImage::Format_RGBA8888;
    auto *holder = new std::shared_ptr<const Image>(std::move(image));
    const Image &img = **holder;
    return QImage(img.data(), img.width(), img.height(), qsizetype(img.stride()), format,
                  &releaseHolder<const Image>, holder);
}

QImage wrapIndexed(std::shared_ptr<const std::vector<uint8_t>> bytes, int width, int height,
                   const QVector<QRgb> &colorTable)
{
    if (!bytes || width <= 0 || height <= 0 || bytes->size() < size_t(width) * size_t(height))
        return {};
    auto *holder = new std::shared_ptr<const std::vector<uint8_t>>(std::move(bytes));
    QImage out((*holder)->data(), width, height, width, QImage::Format_Indexed8,
               &releaseHolder<const std::vector<uint8_t>>, holder);
    out.setColorTable(colorTable);
    return out;
}

Image imageFromQImage(const QImage &image)
{
    const QImage rgba = image.convertToFormat(QImage::Format_RGBA8888);
    Image out(rgba.width(), rgba.height(), 4, 8);
    for (int y = 0; y < rgba.height(); ++y)
        std::memcpy(out.row(y), rgba.constScanLine(y), out.stride());
    return out;
}

} // namespace difflens::ui
