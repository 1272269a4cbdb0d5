#include "engine_test_support.h"

#include <algorithm>
#include <cmath>
#include <exception>

namespace difflens::enginetest {
namespace {

int g_failures = 0;

struct Rng {
    uint32_t s;
    uint32_t next()
    {
        s = s * 1664525u + 1013904223u;
        return s >> 8;
    }
    int uniform(int n) { return int(next() % uint32_t(n)); }
};

struct Canvas {
    Image &img;
    void set(int x, int y, int r, int g, int b, int a)
    {
        if (x < 0 || y < 0 || x >= img.width() || y >= img.height())
            return;
        const int v[4] = {r, g, b, a};
        if (img.depth() == 16) {
            auto *p = reinterpret_cast<uint16_t *>(img.row(y)) + size_t(x) * 4;
            for (int c = 0; c < 4; ++c)
                p[c] = uint16_t(v[c] * 257);
        } else {
            uint8_t *p = img.row(y) + size_t(x) * 4;
            for (int c = 0; c < 4; ++c)
                p[c] = uint8_t(v[c]);
        }
    }
    void rect(int x0, int y0, int w, int h, int r, int g, int b, int a = 255)
    {
        for (int y = y0; y < y0 + h; ++y)
            for (int x = x0; x < x0 + w; ++x)
                set(x, y, r, g, b, a);
    }
    // Anti-aliased dark stroke from (x0,y0) to (x1,y1), sub-pixel offset dy.
    void stroke(double x0, double y0, double x1, double y1, double width)
    {
        const int minX = int(std::floor(std::min(x0, x1) - width - 1)), maxX = int(std::ceil(std::max(x0, x1) + width + 1));
        const int minY = int(std::floor(std::min(y0, y1) - width - 1)), maxY = int(std::ceil(std::max(y0, y1) + width + 1));
        const double dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
        for (int y = minY; y <= maxY; ++y)
            for (int x = minX; x <= maxX; ++x) {
                const double t = std::clamp(((x - x0) * dx + (y - y0) * dy) / len2, 0.0, 1.0);
                const double ex = x0 + t * dx - x, ey = y0 + t * dy - y;
                const double cover = std::clamp(width / 2 + 0.5 - std::sqrt(ex * ex + ey * ey), 0.0, 1.0);
                if (cover > 0) {
                    const int v = int(std::lround(240 - cover * 210));
                    set(x, y, v, v, std::min(255, v + 10), 255);
                }
            }
    }
};

void draw(Image &img, uint32_t seed, bool variant)
{
    Canvas c{img};
    const int w = img.width(), h = img.height();
    c.rect(0, 0, w, h, 240, 240, 240);
    c.rect(0, 0, w, 9, 40, 60, 90);                                  // title bar
    c.rect(4, 14, w / 3, h / 3, 255, 255, 255);                       // card
    c.rect(variant ? 7 : 6, 18, 10, 6, variant ? 30 : 20, 120, 220);  // button, moved + recoloured
    for (int i = 0; i < 4; ++i)                                       // "text" strokes
        c.stroke(w / 2.0 + i * 6, 14, w / 2.0 + i * 6 + 3 + (variant && i == 2 ? 0.4 : 0), 26, 1.2);
    c.stroke(8, h - 12.0, w - 8.0, h - 18.0 + (variant ? 0.3 : 0), 1.0);
    // Semi-transparent overlay (exercises the background pattern of pixelmatch).
    c.rect(w / 3, h / 2, w / 4, h / 5, 200, 40, 40, variant ? 120 : 128);
    c.rect(w / 3 + 2, h / 2 + 2, 5, 3, 10, 200, 10, variant ? 0 : 60);
    // Noisy photo patch, slightly different noise in the variant.
    Rng rng{seed};
    Rng rng2{seed ^ 0x9e3779b9u};
    for (int y = h / 2; y < h / 2 + h / 4; ++y)
        for (int x = w - w / 4; x < w - 2; ++x) {
            int v = 60 + rng.uniform(120);
            if (variant && rng2.uniform(9) == 0)
                v += rng2.uniform(40) - 20;
            c.set(x, y, std::clamp(v, 0, 255), std::clamp(v / 2 + 30, 0, 255), 90, 255);
        }
    // Frame-edge details (the anti-aliasing detector and SSIM reflect at the borders).
    c.rect(0, h - 3, 5, 3, variant ? 0 : 250, 0, 0);
    c.rect(w - 2, 10, 2, 4, 0, variant ? 200 : 0, 0);
}

} // namespace

Pair makeScreenshotPair(int width, int height, int depth, uint32_t seed)
{
    Pair p{Image(width, height, 4, depth), Image(width, height, 4, depth)};
    draw(p.a, seed, false);
    draw(p.b, seed, true);
    if (depth == 16) {
        // Low bits that 8-bit data cannot have.
        Rng rng{seed * 7u + 1u};
        auto *q = reinterpret_cast<uint16_t *>(p.b.data());
        for (size_t i = 0; i < size_t(width) * height * 4; i += 4 * 17)
            q[i] = uint16_t(std::min(65535, q[i] + rng.uniform(300)));
    }
    return p;
}

void fail(const char *file, int line, const std::string &message)
{
    ++g_failures;
    std::printf("    FAIL %s:%d: %s\n", file, line, message.c_str());
}

void skip(const std::string &reason) { throw SkipTest{reason}; }

int Harness::run()
{
    int passed = 0, failed = 0, skipped = 0;
    for (const Entry &t : m_tests) {
        const int before = g_failures;
        bool skippedNow = false;
        try {
            t.fn();
        } catch (const SkipTest &s) {
            skippedNow = true;
            std::printf("SKIP %s (%s)\n", t.name.c_str(), s.reason.c_str());
        } catch (const std::exception &e) {
            fail(__FILE__, __LINE__, std::string("unexpected exception: ") + e.what());
        } catch (...) {
            fail(__FILE__, __LINE__, "unexpected non-standard exception");
        }
        if (skippedNow) {
            ++skipped;
            continue;
        }
        const bool ok = g_failures == before;
        std::printf("%s %s\n", ok ? "PASS" : "FAIL", t.name.c_str());
        std::fflush(stdout);
        (ok ? passed : failed)++;
    }
    if (skipped)
        std::printf("%d skipped\n", skipped);
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}

} // namespace difflens::enginetest
