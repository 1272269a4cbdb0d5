// libFuzzer target: the fast PNG path (core/imaging/src/png_fast.h) against libpng, on the
// input as it is and on a copy with every chunk's CRC made right (so mutations get past the
// CRC checks to the chunk rules, the inflater and the filters).
// Invariant checked: whatever the fast path decodes, libpng decodes too, to the same bytes
// (it declines everything else, which then goes to libpng); streamed rows equal the whole
// image. Memory stays bounded: larger images than 16 MP are skipped from the IHDR.
#include "fuzz_targets.h"

#include "png_fast.h"
#include "png_reader.h"

#include <libdeflate.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

constexpr uint64_t kFuzzMaxPixels = uint64_t(4096) * 4096;

[[noreturn]] void broken(const char *what)
{
    std::fprintf(stderr, "fuzz_png: invariant broken: %s\n", what);
    std::abort();
}

uint32_t be32(const uint8_t *p)
{
    return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}

void checkOne(const uint8_t *data, size_t size);

// The chunks' CRCs recomputed in place (as far as the chunk lengths lead).
void fixCrcs(std::vector<uint8_t> &b)
{
    size_t pos = 8;
    while (pos + 12 <= b.size()) {
        const uint32_t len = be32(b.data() + pos);
        if (len > b.size() - pos - 12)
            break;
        const uint32_t crc = libdeflate_crc32(0, b.data() + pos + 4, size_t(len) + 4);
        for (int i = 0; i < 4; ++i)
            b[pos + 8 + len + size_t(i)] = uint8_t(crc >> (24 - 8 * i));
        pos += 12 + size_t(len);
    }
}

} // namespace

int difflens::fuzz::fuzzPngOne(const uint8_t *data, size_t size)
{
    checkOne(data, size);
    if (size > 8) {
        std::vector<uint8_t> fixed(data, data + size);
        fixCrcs(fixed);
        checkOne(fixed.data(), fixed.size());
    }
    return 0;
}

namespace {

void checkOne(const uint8_t *data, size_t size)
{
    if (size >= 24) {
        if (uint64_t(be32(data + 16)) * be32(data + 20) > kFuzzMaxPixels)
            return;
    }
    difflens::Image fast;
    if (!difflens::pngfast::decode(data, size, fast))
        return;
    difflens::Image ref;
    std::string error;
    if (!difflens::decodePngLibpng(data, size, ref, error))
        broken("the fast path decoded a file libpng refuses");
    if (fast.width() != ref.width() || fast.height() != ref.height() || fast.depth() != ref.depth() ||
        fast.channels() != ref.channels() || fast.byteSize() != ref.byteSize() ||
        !std::equal(fast.data(), fast.data() + fast.byteSize(), ref.data()))
        broken("the fast path's pixels differ from libpng's");
    std::unique_ptr<difflens::pngfast::Rows> rows;
    if (!difflens::pngfast::prepare(data, size, 0, rows))
        broken("prepare declined what decode took");
    std::vector<uint8_t> row(fast.stride());
    for (int y = 0; y < fast.height(); ++y) {
        if (!rows->next(row.data()) || !std::equal(row.begin(), row.end(), fast.row(y)))
            broken("streamed rows differ from the whole image");
    }
    if (rows->next(row.data()))
        broken("a row past the last");
}

} // namespace

#ifndef DIFFLENS_FUZZ_NO_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return difflens::fuzz::fuzzPngOne(data, size);
}
#endif
