// Whole-image JPEG decoding with libjpeg from memory (jpeg_reader.h).
#include "jpeg_reader.h"

#include "jpeg_common.h"

#include <vector>

namespace difflens {

namespace {

using jpeg::ErrorManager;
using jpeg::cmykToRgba;

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
    jpeg::installErrorManager(d.cinfo, d.err);
    std::vector<uint8_t> cmykRow;
    if (!readPixels(d, data, size, out, cmykRow)) {
        out = Image();
        error = "truncated or corrupt JPEG data";
        return false;
    }
    return true;
}

} // namespace difflens
