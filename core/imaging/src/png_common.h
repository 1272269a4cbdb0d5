#pragma once
// Internal: libpng pieces shared by the PNG decoders (png_reader.cpp, stream_png.cpp) and
// the PNG row sink: silent error handlers (errors longjmp to the caller's setjmp) and the
// read transforms that give decodeImageFile's straight RGBA.
#include <png.h>

#include <cstddef>

namespace difflens::pngio {

// Error handler for png_create_*_struct: longjmps to png_jmpbuf, prints nothing.
void onError(png_structp png, png_const_charp message);
// Warning handler: drops the warning.
void onWarning(png_structp png, png_const_charp message);

struct RgbaLayout {
    png_uint_32 width = 0, height = 0;
    int depth = 8;          // of the output samples: 8, or 16 in native byte order
    int passes = 1;         // 7 for an interlaced file (interlace handling is on)
    size_t rowBytes = 0;    // of an output row
};

// Reads the chunks up to the image data and sets the transforms to RGBA (palette and tRNS
// expanded, grey to RGB, opaque alpha added, 16-bit samples swapped to native order). The
// data source is set already; errors longjmp, so call it within the caller's setjmp.
void readInfoAsRgba(png_structp png, png_infop info, RgbaLayout *out);

} // namespace difflens::pngio
