#include "png_reader.h"

#include <png.h>

#include <csetjmp>
#include <cstring>
#include <vector>

namespace difflens {

namespace {

struct Source {
    const uint8_t *data;
    size_t size;
    size_t pos;
};

void readFromMemory(png_structp png, png_bytep out, png_size_t n)
{
    auto *src = static_cast<Source *>(png_get_io_ptr(png));
    if (n > src->size - src->pos)
        png_error(png, "read past the end of the data");
    std::memcpy(out, src->data + src->pos, n);
    src->pos += n;
}

void onError(png_structp png, png_const_charp)
{
    png_longjmp(png, 1);
}

void onWarning(png_structp, png_const_charp)
{
}

struct ReadStruct {
    png_structp png = nullptr;
    png_infop info = nullptr;
    ~ReadStruct() { png_destroy_read_struct(&png, info ? &info : nullptr, nullptr); }
};

// Everything between setjmp and the end of this function uses only objects that outlive
// it (owned by the caller) or trivially destructible locals, as longjmp requires.
bool readPixels(ReadStruct &rs, Source &src, Image &out, std::vector<png_bytep> &rows)
{
    if (setjmp(png_jmpbuf(rs.png)))
        return false;
    png_set_read_fn(rs.png, &src, readFromMemory);
    png_set_crc_action(rs.png, PNG_CRC_DEFAULT, PNG_CRC_DEFAULT);
    png_read_info(rs.png, rs.info);
    png_uint_32 w = 0, h = 0;
    int bitDepth = 0, colorType = 0, interlace = 0;
    png_get_IHDR(rs.png, rs.info, &w, &h, &bitDepth, &colorType, &interlace, nullptr, nullptr);
    const bool hasTrns = png_get_valid(rs.png, rs.info, PNG_INFO_tRNS) != 0;
    png_set_expand(rs.png); // palette -> RGB, grey < 8 bit -> 8 bit, tRNS -> alpha
    if (colorType == PNG_COLOR_TYPE_GRAY || colorType == PNG_COLOR_TYPE_GRAY_ALPHA)
        png_set_gray_to_rgb(rs.png);
    if (!(colorType & PNG_COLOR_MASK_ALPHA) && !hasTrns)
        png_set_add_alpha(rs.png, bitDepth == 16 ? 0xffff : 0xff, PNG_FILLER_AFTER);
    if (bitDepth == 16)
        png_set_swap(rs.png); // PNG stores big-endian samples
    png_set_interlace_handling(rs.png);
    png_read_update_info(rs.png, rs.info);
    const int depth = bitDepth == 16 ? 16 : 8;
    if (png_get_rowbytes(rs.png, rs.info) != size_t(w) * 4 * (depth / 8))
        return false;
    out = Image(int(w), int(h), 4, depth);
    rows.resize(h);
    for (png_uint_32 y = 0; y < h; ++y)
        rows[y] = out.row(int(y));
    png_read_image(rs.png, rows.data());
    png_read_end(rs.png, nullptr);
    return true;
}

} // namespace

bool decodePngLibpng(const uint8_t *data, size_t size, Image &out, std::string &error)
{
    ReadStruct rs;
    rs.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, onError, onWarning);
    if (rs.png)
        rs.info = png_create_info_struct(rs.png);
    if (!rs.png || !rs.info) {
        error = "not enough memory to decode the image";
        return false;
    }
    png_set_user_limits(rs.png, 0x7fffffff, 0x7fffffff); // our own pixel limit applies
    Source src{data, size, 0};
    std::vector<png_bytep> rows;
    if (!readPixels(rs, src, out, rows)) {
        out = Image();
        error = "truncated or corrupt PNG data";
        return false;
    }
    return true;
}

} // namespace difflens
