#pragma once
// Internal knobs of the PNG writer (tests and measurements use them; the public API picks
// the defaults).
#include "difflens/engine/image.h"

#include <cstdint>
#include <string>
#include <vector>

namespace difflens::png {

enum class Filter { None = 0, Sub = 1, Up = 2, Average = 3, Paeth = 4 };

struct WriterConfig {
    Filter filter = Filter::Sub;
    int level = 1;
    int threads = 2;
    bool allowPalette = true; // 8-bit RGB(A) with <= 256 colours -> indexed colour
};

bool encode(const ImageView &img, std::vector<uint8_t> &out, std::string &error, const WriterConfig &cfg);

} // namespace difflens::png
