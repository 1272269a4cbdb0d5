#pragma once
// Deterministic screenshot-like image pairs, generated in memory (header-only so the
// pipeline tests can use the same scenes): light background, UI cards, lines of text-like
// glyph strokes with anti-aliased (fractional-coverage) edges. The second image moves one
// card, recolours another, shifts one text line by 1 px and rewrites a few words.
#include "difflens/engine/image.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace difflens::synth {

struct Rng { // splitmix64: stable across platforms and standard libraries
    uint64_t s;
    explicit Rng(uint64_t seed) : s(seed) {}
    uint64_t next()
    {
        uint64_t z = (s += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
    int range(int lo, int hi) { return lo + int(next() % uint64_t(std::max(1, hi - lo))); }
};

struct Colour {
    uint8_t r, g, b, a;
};

// Box with fractional edges; pixels get coverage-weighted blending (anti-aliased edges).
struct Box {
    double x0, y0, x1, y1;
    Colour c;
};

inline void blendBox(Image &img, const Box &bx)
{
    const int w = img.width(), h = img.height();
    const int ix0 = std::max(0, int(std::floor(bx.x0))), iy0 = std::max(0, int(std::floor(bx.y0)));
    const int ix1 = std::min(w, int(std::ceil(bx.x1))), iy1 = std::min(h, int(std::ceil(bx.y1)));
    for (int y = iy0; y < iy1; ++y) {
        const double cy = std::min(bx.y1, y + 1.0) - std::max(bx.y0, double(y));
        uint8_t *row = img.row(y);
        for (int x = ix0; x < ix1; ++x) {
            const double cx = std::min(bx.x1, x + 1.0) - std::max(bx.x0, double(x));
            const double cover = std::clamp(cx * cy, 0.0, 1.0) * (bx.c.a / 255.0);
            uint8_t *p = row + size_t(x) * 4;
            p[0] = uint8_t(std::lround(p[0] + (bx.c.r - p[0]) * cover));
            p[1] = uint8_t(std::lround(p[1] + (bx.c.g - p[1]) * cover));
            p[2] = uint8_t(std::lround(p[2] + (bx.c.b - p[2]) * cover));
            p[3] = 255;
        }
    }
}

// A glyph: 2-4 thin strokes inside a cell, at fractional offsets.
inline void addGlyph(std::vector<Box> &out, Rng &rng, double x, double y, double size, Colour ink)
{
    const double sw = std::max(1.0, size * 0.12); // stroke width
    const int strokes = rng.range(2, 5);
    for (int s = 0; s < strokes; ++s) {
        if (rng.next() & 1) { // vertical
            const double sx = x + rng.uniform() * size * 0.55;
            const double top = y + rng.uniform() * size * 0.3;
            out.push_back({sx, top, sx + sw, y + size * (0.7 + 0.3 * rng.uniform()), ink});
        } else { // horizontal
            const double sy = y + rng.uniform() * size * 0.9;
            const double left = x + rng.uniform() * size * 0.2;
            out.push_back({left, sy, left + size * (0.3 + 0.35 * rng.uniform()), sy + sw, ink});
        }
    }
}

struct Scene {
    std::vector<Box> cards;              // card rectangles (index 0.. used for edits)
    std::vector<std::vector<Box>> lines; // text lines, each a list of strokes
};

inline Scene makeScene(int width, int height, uint64_t seed)
{
    Rng rng(seed);
    Scene sc;
    const int cardsX = std::max(1, width / 320), cardsY = std::max(1, height / 240);
    for (int cy = 0; cy < cardsY; ++cy)
        for (int cx = 0; cx < cardsX; ++cx) {
            const double x = cx * 320.0 + 12 + rng.range(0, 20), y = cy * 240.0 + 12 + rng.range(0, 20);
            const Colour c{uint8_t(rng.range(200, 250)), uint8_t(rng.range(200, 250)), uint8_t(rng.range(210, 255)), 255};
            sc.cards.push_back({x, y, x + 260 + rng.range(0, 30), y + 180 + rng.range(0, 30), c});
        }
    for (double y = 8.5; y + 14 < height; y += 22.0 + rng.range(0, 6)) {
        std::vector<Box> line;
        const double size = 9.0 + rng.uniform() * 5.0;
        const Colour ink{uint8_t(rng.range(10, 70)), uint8_t(rng.range(10, 70)), uint8_t(rng.range(10, 90)), 255};
        double x = 6.3 + rng.uniform() * 40;
        while (x + size < width - 4) {
            const int letters = rng.range(2, 9);
            for (int l = 0; l < letters && x + size < width - 4; ++l, x += size * 0.75)
                addGlyph(line, rng, x, y, size, ink);
            x += size * (1.0 + rng.uniform() * 2.5); // word gap; sometimes a long gap
            if (rng.range(0, 12) == 0)
                x += size * 12;
        }
        sc.lines.push_back(std::move(line));
    }
    return sc;
}

inline Image renderScene(int width, int height, const Scene &sc, int depth)
{
    Image img(width, height, 4, 8);
    for (int y = 0; y < height; ++y) {
        uint8_t *row = img.row(y);
        const uint8_t shade = uint8_t(246 - (y * 8) / std::max(1, height)); // faint vertical gradient
        for (int x = 0; x < width; ++x) {
            row[x * 4 + 0] = shade;
            row[x * 4 + 1] = shade;
            row[x * 4 + 2] = 250;
            row[x * 4 + 3] = 255;
        }
    }
    for (const Box &b : sc.cards)
        blendBox(img, b);
    for (const auto &line : sc.lines)
        for (const Box &b : line)
            blendBox(img, b);
    if (depth != 16)
        return img;
    Image wide(width, height, 4, 16);
    for (int y = 0; y < height; ++y) {
        const uint8_t *src = img.row(y);
        uint16_t *dst = reinterpret_cast<uint16_t *>(wide.row(y));
        for (int i = 0; i < width * 4; ++i)
            dst[i] = uint16_t(src[i] * 257);
    }
    return wide;
}

struct Pair {
    Image a, b;
};

// The edited scene: card 0 moved, card 1 recoloured, every 7th text line shifted 1 px right,
// every 11th line gets its first strokes rewritten (changed words).
inline Scene editScene(Scene sc, uint64_t seed)
{
    Rng rng(seed ^ 0xD1FFu);
    if (!sc.cards.empty()) {
        Box &c = sc.cards[0];
        c.x0 += 17; c.x1 += 17; c.y0 += 9; c.y1 += 9;
    }
    if (sc.cards.size() > 1)
        sc.cards[1].c = {255, 214, 160, 255};
    for (size_t i = 3; i < sc.lines.size(); i += 7)
        for (Box &b : sc.lines[i]) {
            b.x0 += 1;
            b.x1 += 1;
        }
    for (size_t i = 5; i < sc.lines.size(); i += 11) {
        auto &line = sc.lines[i];
        const size_t n = std::min<size_t>(line.size(), 12);
        for (size_t k = 0; k < n; ++k) {
            const double dx = rng.uniform() * 3 - 1.5;
            line[k].x0 += dx;
            line[k].x1 += dx;
        }
    }
    return sc;
}

inline Pair makePair(int width, int height, uint64_t seed = 1, int depth = 8)
{
    const Scene sa = makeScene(width, height, seed);
    const Scene sb = editScene(sa, seed);
    return {renderScene(width, height, sa, depth), renderScene(width, height, sb, depth)};
}

} // namespace difflens::synth
