#pragma once
// Internal: libjpeg pieces shared by the whole-image JPEG decoder (jpeg_reader.cpp) and the
// streaming one (stream_jpeg.cpp): an error manager that longjmps instead of exiting and
// prints nothing, and the CMYK to RGBA conversion.
#include <cstdio> // jpeglib.h needs FILE
#include <jpeglib.h>

#include <csetjmp>
#include <cstdint>

namespace difflens::jpeg {

struct ErrorManager {
    jpeg_error_mgr pub;
    jmp_buf jump; // set by the caller before any libjpeg call
};

// Installs `err` on `cinfo`: errors longjmp to err.jump, warnings and messages are dropped.
void installErrorManager(jpeg_decompress_struct &cinfo, ErrorManager &err);

// CMYK row -> RGBA. Adobe files store inverted CMYK (255 = no ink); the product of
// (1 - C) and (1 - K) gives red, likewise green and blue.
void cmykToRgba(const uint8_t *src, uint8_t *dst, int width, bool inverted);

} // namespace difflens::jpeg
