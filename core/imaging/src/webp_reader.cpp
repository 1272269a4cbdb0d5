#include "webp_reader.h"

#include <webp/decode.h>

namespace difflens {

bool decodeWebpLibwebp(const uint8_t *data, size_t size, int expectedWidth, int expectedHeight, Image &out,
                       std::string &error)
{
    const std::string corrupt = "truncated or corrupt WebP data";
    WebPBitstreamFeatures features;
    if (WebPGetFeatures(data, size, &features) != VP8_STATUS_OK) {
        error = corrupt;
        return false;
    }
    if (features.has_animation) {
        error = "animated WebP is not supported";
        return false;
    }
    if (features.width != expectedWidth || features.height != expectedHeight) {
        error = corrupt;
        return false;
    }
    out = Image(features.width, features.height, 4, 8);
    // RGBA output fills alpha with 255 when the bitstream has none.
    if (!WebPDecodeRGBAInto(data, size, out.data(), out.byteSize(), int(out.stride()))) {
        out = Image();
        error = corrupt;
        return false;
    }
    return true;
}

} // namespace difflens
