#pragma once
// Internal: the grey / grey+alpha / RGB / RGBA TIFF layout read from the tags and the
// pixel conversion of 8/16-bit unsigned samples to RGBA, shared by the whole-image direct
// decoder (tiff_direct.cpp) and the streaming one (stream_tiff.cpp). Associated
// (premultiplied) alpha is undone; min-is-white grey is inverted.
#include <tiffio.h>

#include <cstdint>

namespace difflens::tiff {

struct PixelLayout {
    int spp = 1;
    int bytesPerSample = 1;
    int format = SAMPLEFORMAT_UINT;
    bool rgb = false;      // else grey
    bool invert = false;   // min-is-white
    bool hasAlpha = false;
    bool associated = false;
};

struct Fields {
    uint32_t width = 0, height = 0;
    uint16_t bits = 1;
    uint16_t planar = PLANARCONFIG_CONTIG;
    bool hasPhotometric = false;
    bool greyOrRgb = false; // grey / RGB photometric with the colour samples, maybe one alpha
    PixelLayout layout;
};

// The fields of the current directory.
Fields readFields(TIFF *tif);

// `count` pixels of unsigned samples (interleaved, L.spp per pixel; 8-bit when depth is 8,
// native 16-bit when 16) to RGBA of the same depth.
void expandPixels(const uint8_t *src, uint8_t *dst, int count, const PixelLayout &L, int depth);

} // namespace difflens::tiff
