#include "depth.h"

#include <cstring>

namespace difflens::detail {

Image convert16To8(const ImageView &src)
{
    Image out(src.width, src.height, src.channels, 8);
    const size_t samples = size_t(src.width) * src.channels;
    for (int y = 0; y < src.height; ++y) {
        const uint8_t *in = src.row(y);
        uint8_t *dst = out.row(y);
        for (size_t i = 0; i < samples; ++i) {
            uint16_t v;
            std::memcpy(&v, in + 2 * i, 2);
            dst[i] = uint8_t((uint32_t(v) + 128) / 257);
        }
    }
    return out;
}

} // namespace difflens::detail
