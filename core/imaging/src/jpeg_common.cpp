// libjpeg error manager and CMYK conversion shared by the JPEG decoders (jpeg_common.h).
#include "jpeg_common.h"

namespace difflens::jpeg {

namespace {

void onError(j_common_ptr cinfo)
{
    longjmp(reinterpret_cast<ErrorManager *>(cinfo->err)->jump, 1);
}

void onMessage(j_common_ptr, int)
{
}

void onOutput(j_common_ptr)
{
}

} // namespace

void installErrorManager(jpeg_decompress_struct &cinfo, ErrorManager &err)
{
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = onError;
    err.pub.emit_message = onMessage;
    err.pub.output_message = onOutput;
}

void cmykToRgba(const uint8_t *src, uint8_t *dst, int width, bool inverted)
{
    for (int x = 0; x < width; ++x, src += 4, dst += 4) {
        uint32_t c = src[0], m = src[1], y = src[2], k = src[3];
        if (!inverted) {
            c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k;
        }
        dst[0] = uint8_t((c * k + 127) / 255);
        dst[1] = uint8_t((m * k + 127) / 255);
        dst[2] = uint8_t((y * k + 127) / 255);
        dst[3] = 255;
    }
}

} // namespace difflens::jpeg
