// Grouping of mismatched pixels into regions, entirely on horizontal runs:
//  1. selected pixels of each row become runs [begin, end);
//  2. square dilation of radius r, separable: runs are widened by r horizontally, then each
//     row becomes the union of the widened rows in [y - r, y + r], built by doubling
//     (unions over 1, 2, 4, ... rows), so the cost is O(runs * log r);
//  3. 8-connected labelling of the dilated runs with union-find (adjacent rows only);
//  4. every original run lies inside exactly one dilated run of its row, which gives its
//     cluster; boxes and pixel counts use the original pixels only.
#include "difflens/engine/regions.h"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace difflens {
namespace {

struct Run {
    int begin, end; // [begin, end)
};

// Per-row run lists in one flat array: row y owns runs[start[y] .. start[y + 1]).
struct RunRows {
    std::vector<Run> runs;
    std::vector<size_t> start;

    int rows() const { return int(start.size()) - 1; }
    const Run *begin(int y) const { return runs.data() + start[size_t(y)]; }
    const Run *end(int y) const { return runs.data() + start[size_t(y) + 1]; }
};

inline bool selected(uint8_t m, int value) { return value < 0 ? m != 0 : m == value; }

RunRows extractRuns(const uint8_t *mask, int width, int height, size_t stride, int value)
{
    RunRows out;
    out.start.reserve(size_t(height) + 1);
    out.start.push_back(0);
    for (int y = 0; y < height; ++y) {
        const uint8_t *row = mask + size_t(y) * stride;
        int x = 0;
        while (x < width) {
            // Skip empty stretches eight bytes at a time.
            while (x + 8 <= width) {
                uint64_t w;
                std::memcpy(&w, row + x, 8);
                if (w != 0)
                    break;
                x += 8;
            }
            while (x < width && !selected(row[x], value))
                ++x;
            if (x >= width)
                break;
            const int b = x;
            while (x < width && selected(row[x], value))
                ++x;
            out.runs.push_back({b, x});
        }
        out.start.push_back(out.runs.size());
    }
    return out;
}

// Appends the union of two sorted, disjoint run lists; touching runs are joined.
void unionInto(const Run *a, const Run *ae, const Run *b, const Run *be, std::vector<Run> &out)
{
    const size_t first = out.size();
    auto push = [&out, first](const Run &r) {
        if (out.size() > first && r.begin <= out.back().end)
            out.back().end = std::max(out.back().end, r.end);
        else
            out.push_back(r);
    };
    while (a != ae || b != be) {
        if (b == be || (a != ae && a->begin <= b->begin))
            push(*a++);
        else
            push(*b++);
    }
}

RunRows widen(const RunRows &in, int r, int width)
{
    RunRows out;
    out.runs.reserve(in.runs.size());
    out.start.reserve(in.start.size());
    out.start.push_back(0);
    for (int y = 0; y < in.rows(); ++y) {
        const size_t first = out.runs.size();
        for (const Run *p = in.begin(y); p != in.end(y); ++p) {
            const Run w{std::max(0, p->begin - r), std::min(width, p->end + r)};
            if (out.runs.size() > first && w.begin <= out.runs.back().end)
                out.runs.back().end = std::max(out.runs.back().end, w.end);
            else
                out.runs.push_back(w);
        }
        out.start.push_back(out.runs.size());
    }
    return out;
}

// Row y (0 <= y < rows) of the result = union of rows y + offA and y + offB of `in`
// (rows past the end are empty).
RunRows unionShifted(const RunRows &in, int offA, int offB, int rows)
{
    RunRows out;
    out.runs.reserve(in.runs.size() * 2);
    out.start.reserve(size_t(rows) + 1);
    out.start.push_back(0);
    const int h = in.rows();
    for (int y = 0; y < rows; ++y) {
        const int ya = y + offA, yb = y + offB;
        const bool va = ya >= 0 && ya < h, vb = yb >= 0 && yb < h && yb != ya;
        const Run *a = va ? in.begin(ya) : nullptr, *ae = va ? in.end(ya) : nullptr;
        const Run *b = vb ? in.begin(yb) : nullptr, *be = vb ? in.end(yb) : nullptr;
        unionInto(a, ae, b, be, out.runs);
        out.start.push_back(out.runs.size());
    }
    return out;
}

RunRows dilate(const RunRows &orig, int r, int width)
{
    if (r <= 0)
        return orig;
    // Widened rows, preceded by r empty rows so that every window starts at a valid row:
    // padded row p holds image row p - r.
    RunRows level = widen(orig, r, width);
    level.start.insert(level.start.begin(), size_t(r), size_t(0));
    const int padded = level.rows();
    // Unions over windows of `len` rows starting at p, for len = 1, 2, 4, ... <= 2r + 1.
    const int window = 2 * r + 1;
    int len = 1;
    while (len * 2 <= window) {
        level = unionShifted(level, 0, len, padded);
        len *= 2;
    }
    // Image row y needs padded rows [y, y + window): two overlapping windows of `len`.
    return unionShifted(level, 0, window - len, orig.rows());
}

struct DisjointSets {
    std::vector<int> parent;
    explicit DisjointSets(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    int find(int i)
    {
        while (parent[size_t(i)] != i) {
            parent[size_t(i)] = parent[size_t(parent[size_t(i)])];
            i = parent[size_t(i)];
        }
        return i;
    }
    void unite(int a, int b)
    {
        a = find(a);
        b = find(b);
        if (a != b)
            parent[size_t(std::max(a, b))] = std::min(a, b);
    }
};

void labelRuns(const RunRows &d, DisjointSets &sets)
{
    for (int y = 1; y < d.rows(); ++y) {
        const Run *p = d.begin(y - 1), *pe = d.end(y - 1);
        for (const Run *c = d.begin(y); c != d.end(y); ++c) {
            // 8-connectivity: overlap once widened by one pixel.
            while (p != pe && p->end < c->begin)
                ++p;
            for (const Run *q = p; q != pe && q->begin <= c->end; ++q)
                sets.unite(int(c - d.runs.data()), int(q - d.runs.data()));
        }
    }
}

} // namespace

std::vector<Region> findRegions(const uint8_t *mask, int width, int height, size_t stride, int value, int dilation)
{
    if (!mask || width <= 0 || height <= 0 || value == 0 || value > 255)
        return {};
    if (stride < size_t(width))
        stride = size_t(width);
    const int r = std::min(std::max(dilation, 0), std::max(width, height));

    const RunRows orig = extractRuns(mask, width, height, stride, value);
    if (orig.runs.empty())
        return {};
    const RunRows dil = dilate(orig, r, width);
    DisjointSets sets(dil.runs.size());
    labelRuns(dil, sets);

    struct Acc {
        int x0, y0, x1, y1; // inclusive-exclusive box
        int64_t pixels;
    };
    std::vector<int> slot(dil.runs.size(), -1);
    std::vector<Acc> acc;
    for (int y = 0; y < height; ++y) {
        const Run *dr = dil.begin(y);
        for (const Run *o = orig.begin(y); o != orig.end(y); ++o) {
            while (dr->end <= o->begin) // the containing dilated run always exists
                ++dr;
            const int root = sets.find(int(dr - dil.runs.data()));
            int &s = slot[size_t(root)];
            if (s < 0) {
                s = int(acc.size());
                acc.push_back({o->begin, y, o->end, y + 1, 0});
            }
            Acc &a = acc[size_t(s)];
            a.x0 = std::min(a.x0, o->begin);
            a.x1 = std::max(a.x1, o->end);
            a.y1 = y + 1; // rows are visited in increasing order
            a.pixels += o->end - o->begin;
        }
    }

    std::vector<Region> regions;
    regions.reserve(acc.size());
    for (const Acc &a : acc)
        regions.push_back({{a.x0, a.y0, a.x1 - a.x0, a.y1 - a.y0}, a.pixels});
    std::sort(regions.begin(), regions.end(), [](const Region &l, const Region &r) {
        if (l.pixels != r.pixels)
            return l.pixels > r.pixels;
        if (l.box.y != r.box.y)
            return l.box.y < r.box.y;
        return l.box.x < r.box.x;
    });
    return regions;
}

} // namespace difflens
