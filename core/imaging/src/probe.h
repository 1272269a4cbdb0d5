#pragma once
// Internal: header parsing and container integrity checks shared by probe and decode.
#include "difflens/imaging/decode.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace difflens::probe {

// Upper-case format name for messages ("PNG", "JPEG", "WebP", "TIFF", "BMP").
std::string displayName(const std::string &format);

// "truncated or corrupt <FMT> data"
std::string corruptReason(const std::string &format);

// Checks that the whole container is present (PNG up to IEND, JPEG end marker after the
// scan, WebP RIFF size, BMP pixel array). Returns false with a reason otherwise.
bool checkComplete(const ImageHeader &header, const uint8_t *data, size_t size, std::string &error);

// Reason for a header that declares more pixels than allowed; empty when within the limit.
std::string pixelLimitReason(const ImageHeader &header, int64_t maxPixels);

} // namespace difflens::probe
