#pragma once
// Minimal reader for the first IFD of a TIFF structure (TIFF files and JPEG EXIF blocks).
#include <cstddef>
#include <cstdint>

namespace difflens {

struct TiffIfdInfo {
    int64_t width = 0, height = 0;
    int samplesPerPixel = 1;
    int bitsPerSample = 1;
    int photometric = -1;   // -1 when absent
    int orientation = 1;    // tag 274, 1..8
    int sampleFormat = 1;   // 1 unsigned, 2 signed, 3 float
    int extraSamples = 0;   // count of tag 338 values
    int extraSampleType = 0;// first value of tag 338 (1 associated alpha, 2 unassociated)
};

// Parses IFD0 of the TIFF structure in data[0, size). Returns false when the header or the
// directory lies outside the data (truncated or corrupt).
bool parseTiffIfd0(const uint8_t *data, size_t size, TiffIfdInfo &info);

// Finds the EXIF orientation in a JPEG APP1 payload ("Exif\0\0" + TIFF). 1 when absent.
int exifOrientationFromApp1(const uint8_t *payload, size_t size);

} // namespace difflens
