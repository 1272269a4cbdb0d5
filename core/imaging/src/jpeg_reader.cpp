#include "jpeg_reader.h"

#include <cstdio> // jpeglib.h needs FILE
#include <jpeglib.h>

#include <csetjmp>
#include <vector>

namespace difflens {

namespace {

struct ErrorManager {
    jpeg_error_mgr pub;
    jmp_buf jump;
};

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

struct Decompressor {
    jpeg_decompress_struct cinfo;
    ErrorManager err;
    bool created = false;
    ~Decompressor()
    {
        if (created)
            jpeg_destroy_decompress(&cinfo);
    }
};

// CMYK row -> RGBA. Adobe files store inverted CMYK (255 = no ink); the product of
// (1 - C) and (1 - K) gives red, likewise green and blue.
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

// Only caller-owned objects and trivially destructible locals live across setjmp.
bool readPixels(Decompressor &d, const uint8_t *data, size_t size, Image &out, std::vector<uint8_t> &cmykRow)
{
    if (setjmp(d.err.jump))
        return false;
    jpeg_create_decompress(&d.cinfo);
    d.created = true;
    jpeg_mem_src(&d.cinfo, data, static_cast<unsigned long>(size));
    jpeg_read_header(&d.cinfo, TRUE);
    const bool cmyk = d.cinfo.num_components == 4;
    d.cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_EXT_RGBA;
    jpeg_start_decompress(&d.cinfo);
    const int w = int(d.cinfo.output_width), h = int(d.cinfo.output_height);
    if (d.cinfo.output_components != 4)
        return false;
    out = Image(w, h, 4, 8);
    if (cmyk)
        cmykRow.resize(size_t(w) * 4);
    while (d.cinfo.output_scanline < d.cinfo.output_height) {
        const int y = int(d.cinfo.output_scanline);
        JSAMPROW row = cmyk ? cmykRow.data() : out.row(y);
        if (jpeg_read_scanlines(&d.cinfo, &row, 1) != 1)
            return false;
        if (cmyk)
            cmykToRgba(cmykRow.data(), out.row(y), w, d.cinfo.saw_Adobe_marker);
    }
    jpeg_finish_decompress(&d.cinfo);
    return true;
}

} // namespace

bool decodeJpegLibjpeg(const uint8_t *data, size_t size, Image &out, std::string &error)
{
    Decompressor d;
    d.cinfo.err = jpeg_std_error(&d.err.pub);
    d.err.pub.error_exit = onError;
    d.err.pub.emit_message = onMessage;
    d.err.pub.output_message = onOutput;
    std::vector<uint8_t> cmykRow;
    if (!readPixels(d, data, size, out, cmykRow)) {
        out = Image();
        error = "truncated or corrupt JPEG data";
        return false;
    }
    return true;
}

} // namespace difflens
