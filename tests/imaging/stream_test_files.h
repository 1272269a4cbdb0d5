#pragma once
// File-writing helpers of the streaming tests (tst_stream_decode, tst_stream_sink): PNG
// files of any colour type / depth / interlace written with libpng, JPEG files written with
// libjpeg (progressive, CMYK, with an EXIF orientation), and the large-file row pattern.
#include "difflens/engine/image.h"

#include <QString>
#include <QTemporaryDir>

#include <cstdio> // jpeglib.h needs FILE
#include <jpeglib.h>
#include <png.h>

#include <algorithm>
#include <csetjmp>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace streamtest {

using difflens::Image;

inline uint8_t hashByte(unsigned seed, int y, size_t i)
{
    uint32_t v = seed * 2654435761u ^ uint32_t(y) * 40503u ^ uint32_t(i) * 2246822519u;
    v ^= v >> 15;
    v *= 0x2c1b3c6dU;
    v ^= v >> 12;
    return uint8_t(v >> 8);
}

// ---- PNG files written with libpng ----

struct PngSpec {
    int width = 1, height = 1, colorType = PNG_COLOR_TYPE_RGB, bits = 8;
    bool interlace = false, trns = false;
    unsigned seed = 1;
    int level = 6;
    // Stored row y (packed samples as PNG holds them); default: hashed bytes.
    void (*row)(int y, uint8_t *out, size_t n) = nullptr;
};

struct PngWriteJob {
    png_structp png = nullptr;
    png_infop info = nullptr;
    FILE *file = nullptr;
    const PngSpec *spec = nullptr;
    uint8_t *row = nullptr;
    png_color *palette = nullptr;
    uint8_t *alpha = nullptr;
};

inline bool runPngWrite(PngWriteJob *j)
{
    if (setjmp(png_jmpbuf(j->png)))
        return false;
    const PngSpec &s = *j->spec;
    png_init_io(j->png, j->file);
    png_set_IHDR(j->png, j->info, png_uint_32(s.width), png_uint_32(s.height), s.bits, s.colorType,
                 s.interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(j->png, s.level);
    const int entries = 1 << std::min(s.bits, 8);
    if (s.colorType == PNG_COLOR_TYPE_PALETTE) {
        png_set_PLTE(j->png, j->info, j->palette, entries);
        if (s.trns)
            png_set_tRNS(j->png, j->info, j->alpha, entries / 2 + 1, nullptr);
    } else if (s.trns) {
        png_color_16 c{};
        c.gray = png_uint_16(s.bits == 16 ? 0x1234 : (1 << s.bits) - 1);
        c.red = png_uint_16(s.bits == 16 ? 0x4321 : 7);
        c.green = png_uint_16(s.bits == 16 ? 0x0102 : 9);
        c.blue = 11;
        png_set_tRNS(j->png, j->info, nullptr, 0, &c);
    }
    png_write_info(j->png, j->info);
    const int passes = png_set_interlace_handling(j->png);
    const size_t n = png_get_rowbytes(j->png, j->info);
    for (int p = 0; p < passes; ++p)
        for (int y = 0; y < s.height; ++y) {
            if (s.row) {
                s.row(y, j->row, n);
            } else {
                for (size_t i = 0; i < n; ++i)
                    j->row[i] = hashByte(s.seed, y, i);
            }
            png_write_row(j->png, j->row);
        }
    png_write_end(j->png, nullptr);
    return true;
}

inline bool writeTestPng(const QString &path, const PngSpec &s)
{
    FILE *f = std::fopen(path.toLocal8Bit().constData(), "wb");
    if (!f)
        return false;
    PngWriteJob j;
    j.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    j.info = png_create_info_struct(j.png);
    j.file = f;
    j.spec = &s;
    std::vector<uint8_t> row(size_t(s.width) * 8 + 16);
    std::vector<png_color> palette(256);
    std::vector<uint8_t> alpha(256);
    for (int i = 0; i < 256; ++i) {
        palette[size_t(i)] = {hashByte(s.seed, -1, size_t(i)), hashByte(s.seed, -2, size_t(i)), uint8_t(i)};
        alpha[size_t(i)] = uint8_t(i * 37);
    }
    j.row = row.data();
    j.palette = palette.data();
    j.alpha = alpha.data();
    const bool ok = runPngWrite(&j);
    png_destroy_write_struct(&j.png, &j.info);
    std::fclose(f);
    return ok;
}

// ---- JPEG files written with libjpeg ----

struct JpegErr {
    jpeg_error_mgr pub;
    jmp_buf jump;
};

inline void jpegFail(j_common_ptr c)
{
    longjmp(reinterpret_cast<JpegErr *>(c->err)->jump, 1);
}

struct JpegWriteJob {
    jpeg_compress_struct c;
    JpegErr err;
    const Image *img = nullptr;
    bool progressive = false;
    unsigned char *buf = nullptr;
    unsigned long size = 0;
};

inline bool runJpegWrite(JpegWriteJob *j)
{
    if (setjmp(j->err.jump))
        return false;
    jpeg_create_compress(&j->c);
    jpeg_mem_dest(&j->c, &j->buf, &j->size);
    j->c.image_width = JDIMENSION(j->img->width());
    j->c.image_height = JDIMENSION(j->img->height());
    j->c.input_components = j->img->channels();
    j->c.in_color_space = j->img->channels() == 1 ? JCS_GRAYSCALE : j->img->channels() == 3 ? JCS_RGB : JCS_CMYK;
    jpeg_set_defaults(&j->c);
    jpeg_set_quality(&j->c, 90, TRUE);
    if (j->progressive)
        jpeg_simple_progression(&j->c);
    jpeg_start_compress(&j->c, TRUE);
    while (j->c.next_scanline < j->c.image_height) {
        JSAMPROW row = const_cast<uint8_t *>(j->img->row(int(j->c.next_scanline)));
        jpeg_write_scanlines(&j->c, &row, 1);
    }
    jpeg_finish_compress(&j->c);
    return true;
}

inline std::vector<uint8_t> encodeTestJpeg(const Image &img, bool progressive)
{
    JpegWriteJob j;
    j.c.err = jpeg_std_error(&j.err.pub);
    j.err.pub.error_exit = jpegFail;
    j.img = &img;
    j.progressive = progressive;
    const bool ok = runJpegWrite(&j);
    jpeg_destroy_compress(&j.c);
    std::vector<uint8_t> out;
    if (ok)
        out.assign(j.buf, j.buf + j.size);
    std::free(j.buf);
    return out;
}

// An APP1 Exif block (little-endian TIFF, one Orientation entry) right after SOI.
inline std::vector<uint8_t> withOrientation(const std::vector<uint8_t> &jpeg, int orientation)
{
    const uint8_t app1[] = {0xFF, 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0,
                            1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, uint8_t(orientation), 0, 0, 0, 0, 0, 0, 0};
    std::vector<uint8_t> out(jpeg.size() + sizeof app1);
    std::memcpy(out.data(), jpeg.data(), 2);
    std::memcpy(out.data() + 2, app1, sizeof app1);
    std::memcpy(out.data() + 2 + sizeof app1, jpeg.data() + 2, jpeg.size() - 2);
    return out;
}

// Pattern of the large streaming files, regenerated per row by writer and checker alike.
inline void bigRow(int y, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; ++i)
        out[i] = uint8_t((i * 3 + size_t(y) * 7 + ((i * size_t(y)) >> 9)) & 255);
}

// Numbered files in one temporary folder.
struct TempFiles {
    QTemporaryDir dir;
    int serial = 0;
    QString newPath(const char *ext) { return dir.filePath(QString("f%1.%2").arg(++serial).arg(ext)); }
};

} // namespace streamtest
