#include "jpeg_writer.h"

#include <cstdio> // jpeglib.h needs FILE
#include <jpeglib.h>

#include <jerror.h>

#include <csetjmp>
#include <new>

namespace difflens {

namespace {

struct ErrorManager {
    jpeg_error_mgr pub;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

void onError(j_common_ptr cinfo)
{
    auto *err = reinterpret_cast<ErrorManager *>(cinfo->err);
    cinfo->err->format_message(cinfo, err->message);
    longjmp(err->jump, 1);
}

void onMessage(j_common_ptr, int)
{
}

// Destination manager writing into a std::vector that doubles as it fills.
struct VectorDestination {
    jpeg_destination_mgr pub;
    std::vector<uint8_t> *out;
};

void growTo(j_compress_ptr cinfo, size_t size)
{
    auto *dest = reinterpret_cast<VectorDestination *>(cinfo->dest);
    const size_t used = dest->out->size() - dest->pub.free_in_buffer;
    try {
        dest->out->resize(size);
    } catch (const std::bad_alloc &) {
        cinfo->err->msg_code = JERR_OUT_OF_MEMORY;
        cinfo->err->error_exit(reinterpret_cast<j_common_ptr>(cinfo)); // does not return
    }
    dest->pub.next_output_byte = dest->out->data() + used;
    dest->pub.free_in_buffer = dest->out->size() - used;
}

void initDestination(j_compress_ptr cinfo)
{
    auto *dest = reinterpret_cast<VectorDestination *>(cinfo->dest);
    dest->out->clear();
    dest->pub.free_in_buffer = 0;
    growTo(cinfo, size_t(1) << 16);
}

boolean emptyDestination(j_compress_ptr cinfo)
{
    // The whole buffer counts as written here: libjpeg does not keep next_output_byte /
    // free_in_buffer up to date before this call.
    auto *dest = reinterpret_cast<VectorDestination *>(cinfo->dest);
    dest->pub.free_in_buffer = 0;
    growTo(cinfo, dest->out->size() * 2);
    return TRUE;
}

void termDestination(j_compress_ptr cinfo)
{
    auto *dest = reinterpret_cast<VectorDestination *>(cinfo->dest);
    dest->out->resize(dest->out->size() - dest->pub.free_in_buffer);
}

struct Compressor {
    jpeg_compress_struct cinfo;
    ErrorManager err;
    VectorDestination dest;
    bool created = false;
    ~Compressor()
    {
        if (created)
            jpeg_destroy_compress(&cinfo);
    }
};

// 16-bit samples -> 8-bit with rounding.
void reduceRow(const uint8_t *src, uint8_t *dst, size_t samples)
{
    const auto *s = reinterpret_cast<const uint16_t *>(src);
    for (size_t i = 0; i < samples; ++i)
        dst[i] = uint8_t((uint32_t(s[i]) * 255u + 32767u) / 65535u);
}

// Only caller-owned objects and trivially destructible locals live across setjmp.
bool compress(Compressor &c, const ImageView &img, int quality, std::vector<uint8_t> &row8)
{
    if (setjmp(c.err.jump))
        return false;
    jpeg_create_compress(&c.cinfo);
    c.created = true;
    c.cinfo.dest = &c.dest.pub;
    c.cinfo.image_width = JDIMENSION(img.width);
    c.cinfo.image_height = JDIMENSION(img.height);
    c.cinfo.input_components = img.channels;
    c.cinfo.in_color_space = img.channels == 1 ? JCS_GRAYSCALE : (img.channels == 3 ? JCS_RGB : JCS_EXT_RGBX);
    jpeg_set_defaults(&c.cinfo);
    jpeg_set_quality(&c.cinfo, quality, TRUE);
    jpeg_start_compress(&c.cinfo, TRUE);
    const size_t samples = size_t(img.width) * size_t(img.channels);
    while (c.cinfo.next_scanline < c.cinfo.image_height) {
        const uint8_t *src = img.row(int(c.cinfo.next_scanline));
        JSAMPROW row = const_cast<JSAMPROW>(src); // libjpeg never writes to input rows
        if (img.depth == 16) {
            reduceRow(src, row8.data(), samples);
            row = row8.data();
        }
        jpeg_write_scanlines(&c.cinfo, &row, 1);
    }
    jpeg_finish_compress(&c.cinfo);
    return true;
}

} // namespace

bool encodeJpegLibjpeg(const ImageView &img, int quality, std::vector<uint8_t> &out, std::string &error)
{
    out.clear();
    if (!img.valid() || (img.channels != 1 && img.channels != 3 && img.channels != 4) ||
        (img.depth != 8 && img.depth != 16)) {
        error = "cannot encode JPEG: expected 1, 3 or 4 channels at 8 or 16 bits";
        return false;
    }
    if (img.width > JPEG_MAX_DIMENSION || img.height > JPEG_MAX_DIMENSION) {
        error = "cannot encode JPEG: the image is larger than " + std::to_string(JPEG_MAX_DIMENSION) +
                " pixels on a side";
        return false;
    }
    std::vector<uint8_t> row8(img.depth == 16 ? size_t(img.width) * size_t(img.channels) : 0);
    Compressor c;
    c.dest.pub.init_destination = initDestination;
    c.dest.pub.empty_output_buffer = emptyDestination;
    c.dest.pub.term_destination = termDestination;
    c.dest.out = &out;
    c.cinfo.err = jpeg_std_error(&c.err.pub);
    c.err.pub.error_exit = onError;
    c.err.pub.emit_message = onMessage;
    c.err.message[0] = '\0';
    if (!compress(c, img, quality < 1 ? 1 : (quality > 100 ? 100 : quality), row8)) {
        out.clear();
        error = std::string("cannot encode JPEG: ") + c.err.message;
        return false;
    }
    return true;
}

} // namespace difflens
