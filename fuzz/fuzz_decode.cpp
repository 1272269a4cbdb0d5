// libFuzzer target: arbitrary bytes through the whole decoder (header probe, completeness
// check, libpng/libjpeg/libtiff/OpenCV decoding, EXIF orientation).
// Invariant checked: a successful decode yields a non-empty RGBA image of the probed
// (oriented) size; a failure yields a reason and no image.
#include "fuzz_targets.h"

#include "difflens/imaging/decode.h"

#include <cstdio>
#include <cstdlib>

namespace {

// Keeps every input's memory bounded (16 MP x 8 bytes = 128 MB at most), well under
// libFuzzer's default -rss_limit_mb=2048. Larger images are refused from the header.
constexpr int64_t kFuzzMaxPixels = int64_t(4096) * 4096;

[[noreturn]] void broken(const char *what)
{
    std::fprintf(stderr, "fuzz_decode: invariant broken: %s\n", what);
    std::abort();
}

} // namespace

int difflens::fuzz::fuzzDecodeOne(const uint8_t *data, size_t size)
{
    difflens::DecodeOptions opt;
    opt.maxPixels = kFuzzMaxPixels;
    const difflens::DecodeResult r = difflens::decodeImageBuffer(data, size, opt);
    if (!r.ok) {
        if (r.error.empty())
            broken("failure without a reason");
        if (!r.image.isNull())
            broken("failure with an image");
        return 0;
    }
    const difflens::Image &img = r.image;
    if (img.isNull() || img.channels() != 4 || (img.depth() != 8 && img.depth() != 16))
        broken("result is not RGBA8/RGBA16");
    if (int64_t(img.width()) * img.height() > kFuzzMaxPixels)
        broken("pixel limit not enforced");
    if (img.width() != r.header.orientedWidth() || img.height() != r.header.orientedHeight())
        broken("size differs from the header");
    if (img.byteSize() != img.stride() * size_t(img.height()))
        broken("buffer size does not match the dimensions");
    return 0;
}

#ifndef DIFFLENS_FUZZ_NO_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return difflens::fuzz::fuzzDecodeOne(data, size);
}
#endif
