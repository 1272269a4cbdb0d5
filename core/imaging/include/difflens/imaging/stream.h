#pragma once
// Streaming decode and encode: images read as rows on demand and outputs written row by
// row, so a comparison's memory does not depend on the image height (see
// difflens/engine/rows.h for the interfaces).
//
// Decoders (each delivers interleaved RGBA rows, 8 or 16 bit, exactly the pixels
// decodeImageFile gives for the same file). OpenedImage::route says which path was taken:
//   PNG   libpng row by row ("rows"); an interlaced PNG is decoded pass by pass into an
//         unlinked temporary raw file in $TMPDIR (one row in memory) and read back in
//         bands ("temp-file"). A truncated file fails in readRows ("... at row N"; a
//         failure before the first row gives decodeImageFile's reason as it is).
//   JPEG  libjpeg scanlines ("rows"; a progressive / multi-scan file's coefficient buffer
//         is counted in workingBytes()). Truncated files are refused when opened, as
//         decodeImageFile refuses them.
//   TIFF  contiguous 8/16-bit unsigned grey, grey+alpha, RGB, RGBA: scanlines of strips or
//         one row of tiles at a time ("rows"); other layouts "whole-frame".
//   BMP   uncompressed rows with pread, bottom-up files included ("rows"); run-length
//         files "whole-frame".
//   WebP  "whole-frame" (libwebp's incremental decoder keeps a whole-frame buffer too).
// A JPEG/TIFF orientation other than 1 (with applyExifOrientation) needs the whole frame:
// such files take the "whole-frame" route (decodeImageFile, then rows served from the
// image; workingBytes() is the frame).
#include "difflens/engine/rows.h"
#include "difflens/imaging/decode.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace difflens {

struct OpenedImage {
    std::unique_ptr<RowSource> rows; // null on failure
    ImageHeader header;              // as probed
    int sourceChannels = 0;          // what the file held: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA
    int sourceDepth = 8;             // bits per sample in the file
    std::string route;               // how rows are produced: "rows", "temp-file" or "whole-frame"
};

// Opens `path` for streaming. Checks the pixel limit from the header before decoding
// anything. Returns false with a reason (without the path) like decodeImageFile's.
bool openImageRows(const std::string &path, const DecodeOptions &opt, OpenedImage &out, std::string &error);

struct PngSinkOptions {
    int width = 0, height = 0;
    int channels = 4; // of the rows written: 1..4
    int depth = 8;    // 8 or 16
    int level = 1;    // zlib level
    // Indexed colour: when not empty (at most 256 RGBA entries) the PNG is colour type 3,
    // 8 bit, with PLTE and a tRNS that ends at the last entry whose alpha is below 255;
    // the rows written hold ONE BYTE PER PIXEL, the palette index (channels and depth are
    // ignored). Indexed rows are stored unfiltered.
    std::vector<std::array<uint8_t, 4>> palette;
};

// A PNG written row by row with libpng into a temporary file in the destination folder,
// renamed over `path` by finish(); removed when the sink is destroyed unfinished.
// Truecolour / grey rows use the Sub filter. Returns null with a reason for a bad layout
// (a palette of more than 256 entries included) or an output that cannot be created
// (reasons as writeFileAtomic's).
std::unique_ptr<RowSink> createPngRowSink(const std::string &path, const PngSinkOptions &opt, std::string &error);

} // namespace difflens
