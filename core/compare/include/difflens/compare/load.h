#pragma once
// Loading one image file for display, through core/compare: the app decodes with this
// (never with difflens/imaging directly, which is a private dependency of core/compare).
// Qt-free; implemented in src/load.cpp on difflens/imaging's decoder and header probe.
#include "difflens/compare/compare.h"
#include "difflens/engine/image.h"

#include <cstdint>
#include <string>

namespace difflens {

// A file's size from its header, after any EXIF/TIFF orientation (what a decode yields).
struct ImageFileSize {
    int width = 0, height = 0; // 0 when the header was not readable
    int depth = 0;             // bits per sample as stored (1..16); 0 when the header does not say
    std::string format;        // "png", "jpeg", "webp", "tiff", "bmp" (empty when not readable)
};

struct LoadedImage {
    bool ok = false;
    std::string error;  // reason only (the caller names the file)
    Image image;        // RGBA, 8 or 16 bit (null unless ok)
    ImageInfo info;     // path, decoded size, the file's channels and bits per sample
    ImageFileSize header; // as the header says, also when decoding failed (0 when unknown)
};

// Decodes `path` whole; refuses before decoding when the header says more than maxPixels.
// Never throws for a bad file; std::bad_alloc only from outside the decoder.
LoadedImage loadImageFile(const std::string &path, int64_t maxPixels);
// A reduced copy of `path` for display (report pages of files too large to decode whole):
// every f x f block averaged, f the smallest power of two that brings the long edge to at
// most maxEdge (blocks at the right and bottom edges average the pixels they have); RGBA8
// (16-bit samples / 257 after averaging). Read row by row (load_preview.cpp): the process
// never holds the whole frame. info and header describe the file itself (its own size).
LoadedImage loadImagePreview(const std::string &path, int maxEdge, int64_t maxPixels);
// Reads only the header. False with a reason when it is not a supported image.
bool probeImageFile(const std::string &path, ImageFileSize &size, std::string &error);

} // namespace difflens
