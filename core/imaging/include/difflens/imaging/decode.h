#pragma once
// Image file decoding. Always yields interleaved RGBA at 8 or 16 bits.
// Each format is read by its own library straight into the RGBA result, quietly (no
// library prints anything): PNG with libpng, JPEG with libjpeg, WebP with libwebp, TIFF
// with libtiff (grey/RGB(A) sample by sample, every other layout through its RGBA
// interface), BMP with our own decoder. OpenCV's imgcodecs is not used.
//
// Pipeline: the file is read into memory (readFileBytes: one reason per failure), the
// header is parsed by our own code (probeImageBuffer) so the pixel limit is enforced before
// any pixel memory is allocated, the container is checked for truncation, then the pixels
// are decoded straight into the result buffer, and finally a JPEG/TIFF EXIF orientation is
// applied.
#include "difflens/engine/image.h"

#include <cstdint>
#include <string>

namespace difflens {

struct ImageHeader {
    std::string format;  // "png", "jpeg", "webp", "tiff", "bmp"
    int width = 0, height = 0; // as stored in the file (before any orientation)
    int channels = 0;    // 1 grey, 2 grey+alpha, 3 colour, 4 colour+alpha; 0 when the header does not say
    int depth = 0;       // bits per sample as stored (1..16); 0 when the header does not say
    int orientation = 1; // EXIF/TIFF orientation 1..8 (1 = as stored)

    // Size after the orientation is applied (orientations 5..8 swap the axes).
    int orientedWidth() const { return orientation >= 5 ? height : width; }
    int orientedHeight() const { return orientation >= 5 ? width : height; }
};

struct DecodeOptions {
    int64_t maxPixels = int64_t(65536) * 65536; // 4 GP: refuse before decoding when the header says more
    bool applyExifOrientation = true;
    // openImageRows only: a format read whole (not row by row) is refused before decoding
    // when its decoded frame would take more than this many bytes (0: no limit). A memory
    // budget passes what is left of it, so a whole frame never overruns the budget.
    int64_t wholeFrameByteLimit = 0;
};

struct DecodeResult {
    bool ok = false;
    std::string error;   // reason only (the caller names the file)
    Image image;         // RGBA, 8 or 16 bit
    ImageHeader header;  // as probed
    int sourceChannels = 0; // what the file held: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA
    int sourceDepth = 8;    // bits per sample in the file
};

// Reads only the header. ok=false with a reason when it is not a supported image.
bool probeImageHeader(const std::string &path, ImageHeader &header, std::string &error);
// Same on bytes already in memory.
bool probeImageBuffer(const uint8_t *data, size_t size, ImageHeader &header, std::string &error);

DecodeResult decodeImageFile(const std::string &path, const DecodeOptions &opt = {});
DecodeResult decodeImageBuffer(const uint8_t *data, size_t size, const DecodeOptions &opt = {});

} // namespace difflens
