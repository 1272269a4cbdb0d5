#pragma once
// Internal: BMP header parsing shared by the probe, the completeness check and the decoder.
// Written from the Windows bitmap format description: a 14-byte file header, then an info
// header (BITMAPCOREHEADER 12 bytes, BITMAPINFOHEADER 40, V2 52, V3 56, V4 108, V5 124,
// OS/2 2.x 16..64), optional colour masks, an optional palette and the pixel array.
// Every offset is checked against the data size; nothing here allocates.
#include <cstddef>
#include <cstdint>
#include <string>

namespace difflens::bmp {

enum Compression : uint32_t { Rgb = 0, Rle8 = 1, Rle4 = 2, Bitfields = 3, AlphaBitfields = 6 };

struct Info {
    int width = 0, height = 0; // height as a positive number
    bool topDown = false;      // negative height in the file: first row is the top one
    int bitsPerPixel = 0;      // 1, 2, 4, 8, 16, 24 or 32
    uint32_t compression = Rgb;
    uint32_t dataOffset = 0;   // start of the pixel array
    uint32_t masks[4] = {0, 0, 0, 0}; // red, green, blue, alpha (16 / 32 bits per pixel)
    size_t paletteStart = 0;   // byte offset of the first palette entry
    int paletteCount = 0;      // entries present (<= 2^bitsPerPixel), 0 without a palette
    int paletteEntrySize = 4;  // 3 for BITMAPCOREHEADER files (B, G, R), else 4 (B, G, R, 0)
    int channels = 3;          // 1 grey palette, 3 colour, 4 colour + alpha mask

    bool rle() const { return compression == Rle8 || compression == Rle4; }
    // Bytes per stored row (rows are padded to 4 bytes) for uncompressed data.
    uint64_t rowBytes() const { return (uint64_t(width) * uint64_t(bitsPerPixel) + 31) / 32 * 4; }
};

// Parses the headers of the BMP in data[0, size) (which starts with "BM"). On failure the
// reason says whether the file is damaged or uses a variant we do not read.
bool parseHeader(const uint8_t *data, size_t size, Info &info, std::string &error);

} // namespace difflens::bmp
