// libFuzzer target: the comparison of two images (difflens::compareImages on the CPU).
//
// Input layout: byte 0 selects the options, then
//   mode 0 (raw):     bytes 1..4 give A's and B's sizes (1..64 each side) and depth; the
//                     rest fills A's pixels then B's (zero padded), so the engine sees every
//                     sample pattern quickly;
//   mode 1 (encoded): bytes 1..2 give the length of A's file, the rest is B's file; both
//                     go through decodeImageBuffer first (a fuzzer-found header reaches the
//                     engine exactly as from disk).
// The same pair is also compared in forced tiles; tiling must not change any count.
#include "fuzz_targets.h"

#include "difflens/compare/compare.h"
#include "difflens/imaging/decode.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

using namespace difflens;

constexpr int64_t kFuzzMaxPixels = int64_t(1024) * 1024;

[[noreturn]] void broken(const char *what)
{
    std::fprintf(stderr, "fuzz_compare: invariant broken: %s\n", what);
    std::abort();
}

Image rawImage(int w, int h, int depth, const uint8_t *&p, const uint8_t *end)
{
    Image img(w, h, 4, depth);
    const size_t n = std::min(img.byteSize(), size_t(end - p));
    std::memcpy(img.data(), p, n);
    p += n;
    return img;
}

CompareOptions optionsFrom(uint8_t flags)
{
    CompareOptions opt;
    opt.maxPixels = kFuzzMaxPixels;
    opt.failOnLayout = (flags & 0x02) != 0;
    JobOptions &job = opt.job;
    job.device = Device::Cpu;
    job.threads = 1;
    job.pixelmatch.threshold = ((flags >> 2) & 3) * 0.1;
    job.pixelmatch.includeAA = (flags & 0x10) != 0;
    job.pixelmatch.diffMask = (flags & 0x20) != 0;
    job.computeSsim = (flags & 0x40) != 0;
    job.wantMask = true;
    if (flags & 0x80)
        job.ignore.push_back(Rect{1, 1, 5, 3});
    return opt;
}

void checkResult(const CompareResult &r, const char *what)
{
    if (!r.ok && r.errorReason.empty())
        broken(what);
}

} // namespace

int difflens::fuzz::fuzzCompareOne(const uint8_t *data, size_t size)
{
    if (size < 5)
        return 0;
    const uint8_t flags = data[0];
    const uint8_t *p = data + 1, *end = data + size;
    Image a, b;
    ImageInfo infoA, infoB;
    infoA.path = "a";
    infoB.path = "b";
    if ((flags & 0x01) == 0) {
        const int wa = 1 + (p[0] & 63), ha = 1 + (p[1] & 63);
        const int wb = (p[2] & 0x80) ? wa : 1 + (p[2] & 63), hb = (p[3] & 0x80) ? ha : 1 + (p[3] & 63);
        const int depthA = (p[0] & 0x80) ? 16 : 8, depthB = (p[1] & 0x80) ? 16 : 8;
        p += 4;
        a = rawImage(wa, ha, depthA, p, end);
        b = rawImage(wb, hb, depthB, p, end);
    } else {
        const size_t lenA = std::min(size_t(p[0]) << 8 | p[1], size_t(end - p - 2));
        p += 2;
        DecodeOptions dopt;
        dopt.maxPixels = kFuzzMaxPixels;
        DecodeResult da = decodeImageBuffer(p, lenA, dopt);
        DecodeResult db = decodeImageBuffer(p + lenA, size_t(end - p) - lenA, dopt);
        if (!da.ok || !db.ok)
            return 0;
        a = std::move(da.image);
        b = std::move(db.image);
    }
    const CompareOptions opt = optionsFrom(flags);
    const CompareResult whole = compareImages(a, b, infoA, infoB, opt);
    checkResult(whole, "failure without a reason");
    if (!whole.ok || whole.layoutDiffers)
        return 0;
    if (whole.job.diff.width() != a.width() || whole.job.diff.height() != a.height())
        broken("diff image size differs from the inputs");
    if (whole.job.counts.mismatched + whole.job.counts.antiAliased > whole.job.totalPixels)
        broken("more differing pixels than compared pixels");

    CompareOptions tiled = opt;
    tiled.job.tileSize = 16 + (flags & 0x0c);
    const CompareResult t = compareImages(a, b, infoA, infoB, tiled);
    checkResult(t, "tiled failure without a reason");
    if (t.ok && !(t.job.counts == whole.job.counts))
        broken("tiled counts differ from the whole-image counts");
    if (t.ok && t.job.stats.differing != whole.job.stats.differing)
        broken("tiled exact statistics differ from the whole-image statistics");
    return 0;
}

#ifndef DIFFLENS_FUZZ_NO_MAIN
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return difflens::fuzz::fuzzCompareOne(data, size);
}
#endif
