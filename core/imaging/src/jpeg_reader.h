#pragma once
// Internal: JPEG decoding with libjpeg(-turbo) straight into the RGBA result (its
// JCS_EXT_RGBA output needs no channel swap). libjpeg warnings about damaged data are
// swallowed (the image is still shown, as browsers do); errors give our own reason.
// CMYK / YCCK files are converted to RGB, honouring Adobe's inverted CMYK convention.
#include "difflens/engine/image.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace difflens {

bool decodeJpegLibjpeg(const uint8_t *data, size_t size, Image &out, std::string &error);

} // namespace difflens
