// Whole-image PNG decoding with libpng from memory (png_reader.h).
#include "png_reader.h"

#include "png_common.h"

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
    pngio::RgbaLayout l;
    pngio::readInfoAsRgba(rs.png, rs.info, &l);
    const png_uint_32 w = l.width, h = l.height;
    const int depth = l.depth;
    if (l.rowBytes != size_t(w) * 4 * (depth / 8))
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
    rs.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, pngio::onError, pngio::onWarning);
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
