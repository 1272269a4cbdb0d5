#pragma once
// Zero-copy bridge from engine images to QImage.
//
// wrapImage() returns a QImage that points straight at the engine Image's pixel buffer
// (RGBA8 -> QImage::Format_RGBA8888, RGBA16 -> QImage::Format_RGBA64; both are byte-order
// RGBA like the engine). The QImage is constructed with a cleanup function whose payload is
// a heap copy of the shared_ptr, so the engine buffer lives exactly as long as the last
// QImage (or implicit copy of it) that references it. The wrapped QImage is read-only:
// any mutating call makes Qt detach into a private copy, never touching the engine buffer.
#include "difflens/engine/image.h"

#include <QImage>

#include <cstdint>
#include <memory>
#include <vector>

namespace difflens::ui {

QImage wrapImage(std::shared_ptr<const Image> image);
// Wraps a width*height byte buffer as Format_Indexed8 with the given colour table.
QImage wrapIndexed(std::shared_ptr<const std::vector<uint8_t>> bytes, int width, int height,
                   const QVector<QRgb> &colorTable);
// Deep copy of a QImage into an engine RGBA8 image (clipboard, tests). A null image when
// the input is null or its RGBA copy does not fit; std::bad_alloc when the result does not.
Image imageFromQImage(const QImage &image);

} // namespace difflens::ui
