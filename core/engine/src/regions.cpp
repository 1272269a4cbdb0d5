// Grouping of mismatched pixels into regions, streaming over rows and working on
// horizontal runs, with memory proportional to one row plus the number of runs:
//  1. the selected pixels of each row become runs [begin, end), widened by r (the
//     horizontal half of the separable square dilation);
//  2. the vertical half: a difference array over columns holds how many widened rows of
//     the window [y - r, y + r] cover each column; rows enter and leave the window as the
//     scan advances and the dilated row is read back as runs (only between the extreme
//     columns of the window; rows with few runs merge the window's runs directly);
//  3. dilated runs are labelled 8-connected against the previous dilated row with
//     union-find;
//  4. each original run lies inside exactly one dilated run of its row, which gives its
//     cluster; boxes and pixel counts use the original pixels only.
#include "difflens/engine/regions.h"

#include <algorithm>
#include <climits>
#include <cstring>

namespace difflens {
namespace {

struct Run {
    int begin, end; // [begin, end)
};

inline bool selected(uint8_t m, int value) { return value < 0 ? m != 0 : m == value; }

void extractRow(const uint8_t *row, int width, int value, std::vector<Run> &out)
{
    out.clear();
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
        out.push_back({b, x});
    }
}

void widenRow(const std::vector<Run> &in, int r, int width, std::vector<Run> &out)
{
    out.clear();
    for (const Run &p : in) {
        const Run w{std::max(0, p.begin - r), std::min(width, p.end + r)};
        if (!out.empty() && w.begin <= out.back().end)
            out.back().end = std::max(out.back().end, w.end);
        else
            out.push_back(w);
    }
}

struct DisjointSets {
    std::vector<int> parent;
    int add()
    {
        parent.push_back(int(parent.size()));
        return int(parent.size()) - 1;
    }
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

struct Box {
    int x0 = INT_MAX, y0 = INT_MAX, x1 = INT_MIN, y1 = INT_MIN; // [x0, x1) x [y0, y1)
    int64_t pixels = 0;
    void add(int b, int e, int y)
    {
        x0 = std::min(x0, b);
        x1 = std::max(x1, e);
        y0 = std::min(y0, y);
        y1 = std::max(y1, y + 1);
        pixels += e - b;
    }
    void add(const Box &o)
    {
        x0 = std::min(x0, o.x0);
        x1 = std::max(x1, o.x1);
        y0 = std::min(y0, o.y0);
        y1 = std::max(y1, o.y1);
        pixels += o.pixels;
    }
};

// Labelled dilated run.
struct LabelledRun {
    int begin, end, id;
};

class RegionScanner {
public:
    RegionScanner(const uint8_t *mask, int width, int height, size_t stride, int value, int r)
        : m_mask(mask), m_width(width), m_height(height), m_stride(stride), m_value(value), m_r(r),
          m_window(2 * r + 1), m_orig(size_t(m_window)), m_wide(size_t(m_window)), m_cover(size_t(width) + 1, 0)
    {
    }

    std::vector<Region> run()
    {
        for (int yy = 0; yy < m_height + m_r; ++yy) {
            if (yy < m_height)
                enterRow(yy);
            const int y = yy - m_r;
            if (y >= 0) {
                dilatedRow(y);
                labelRow(y);
                if (y - m_r >= 0)
                    leaveRow(y - m_r);
            }
        }
        return collect();
    }

private:
    size_t slot(int y) const { return size_t(y % m_window); }

    void enterRow(int y)
    {
        std::vector<Run> &orig = m_orig[slot(y)];
        extractRow(m_mask + size_t(y) * m_stride, m_width, m_value, orig);
        std::vector<Run> &wide = m_wide[slot(y)];
        widenRow(orig, m_r, m_width, wide);
        for (const Run &w : wide) {
            ++m_cover[size_t(w.begin)];
            --m_cover[size_t(w.end)];
        }
        m_windowRuns += int64_t(wide.size());
    }

    void leaveRow(int y)
    {
        const std::vector<Run> &wide = m_wide[slot(y)];
        for (const Run &w : wide) {
            --m_cover[size_t(w.begin)];
            ++m_cover[size_t(w.end)];
        }
        m_windowRuns -= int64_t(wide.size());
    }

    // Dilated row y = columns covered by at least one widened row of [y - r, y + r].
    void dilatedRow(int y)
    {
        std::swap(m_prev, m_cur);
        m_cur.clear();
        if (m_windowRuns == 0)
            return;
        int lo = m_width, hi = 0;
        for (int j = std::max(0, y - m_r); j <= std::min(m_height - 1, y + m_r); ++j) {
            const std::vector<Run> &wide = m_wide[slot(j)];
            if (!wide.empty()) {
                lo = std::min(lo, wide.front().begin);
                hi = std::max(hi, wide.back().end);
            }
        }
        // Few runs over a wide span: merge the runs themselves instead of scanning columns.
        if (m_windowRuns * 16 < int64_t(hi - lo)) {
            m_gather.clear();
            for (int j = std::max(0, y - m_r); j <= std::min(m_height - 1, y + m_r); ++j)
                m_gather.insert(m_gather.end(), m_wide[slot(j)].begin(), m_wide[slot(j)].end());
            std::sort(m_gather.begin(), m_gather.end(), [](const Run &a, const Run &b) { return a.begin < b.begin; });
            for (const Run &g : m_gather) {
                if (!m_cur.empty() && g.begin <= m_cur.back().end)
                    m_cur.back().end = std::max(m_cur.back().end, g.end);
                else
                    m_cur.push_back({g.begin, g.end, -1});
            }
            return;
        }
        int depth = 0, start = -1;
        for (int x = lo; x < hi; ++x) {
            depth += m_cover[size_t(x)];
            if (depth > 0 && start < 0) {
                start = x;
            } else if (depth == 0 && start >= 0) {
                m_cur.push_back({start, x, -1});
                start = -1;
            }
        }
        if (start >= 0)
            m_cur.push_back({start, hi, -1});
    }

    void labelRow(int y)
    {
        auto p = m_prev.begin();
        for (LabelledRun &c : m_cur) {
            // 8-connectivity: overlap once widened by one pixel. A run touching the row
            // above takes the label of the first run it touches; only new starts get a
            // new label, so labels stay few even for fragmented masks.
            while (p != m_prev.end() && p->end < c.begin)
                ++p;
            for (auto q = p; q != m_prev.end() && q->begin <= c.end; ++q) {
                if (c.id < 0)
                    c.id = q->id;
                else
                    m_sets.unite(c.id, q->id);
            }
            if (c.id < 0) {
                c.id = m_sets.add();
                m_boxes.emplace_back();
            }
        }
        // Original runs of row y, each inside exactly one dilated run.
        auto d = m_cur.begin();
        for (const Run &o : m_orig[slot(y)]) {
            while (d->end <= o.begin)
                ++d;
            m_boxes[size_t(d->id)].add(o.begin, o.end, y);
        }
    }

    std::vector<Region> collect()
    {
        std::vector<int> index(m_boxes.size(), -1);
        std::vector<Box> merged;
        for (size_t i = 0; i < m_boxes.size(); ++i) {
            if (m_boxes[i].pixels == 0)
                continue;
            const int root = m_sets.find(int(i));
            int &k = index[size_t(root)];
            if (k < 0) {
                k = int(merged.size());
                merged.emplace_back();
            }
            merged[size_t(k)].add(m_boxes[i]);
        }
        std::vector<Region> regions;
        regions.reserve(merged.size());
        for (const Box &b : merged)
            regions.push_back({{b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0}, b.pixels});
        std::sort(regions.begin(), regions.end(), [](const Region &l, const Region &r) {
            if (l.pixels != r.pixels)
                return l.pixels > r.pixels;
            if (l.box.y != r.box.y)
                return l.box.y < r.box.y;
            return l.box.x < r.box.x;
        });
        return regions;
    }

    const uint8_t *m_mask;
    int m_width, m_height;
    size_t m_stride;
    int m_value, m_r, m_window;
    std::vector<std::vector<Run>> m_orig, m_wide; // ring of the rows in the window
    std::vector<int> m_cover;                     // difference array over columns
    std::vector<Run> m_gather;                    // window runs, for sparse rows
    int64_t m_windowRuns = 0;
    std::vector<LabelledRun> m_prev, m_cur;
    DisjointSets m_sets;
    std::vector<Box> m_boxes; // per label: the original pixels it received
};

} // namespace

std::vector<Region> findRegions(const uint8_t *mask, int width, int height, size_t stride, int value, int dilation)
{
    if (!mask || width <= 0 || height <= 0 || value == 0 || value > 255)
        return {};
    if (stride < size_t(width))
        stride = size_t(width);
    // A radius beyond the frame changes nothing.
    const int r = std::min(std::max(dilation, 0), std::max(width, height));
    RegionScanner scanner(mask, width, height, stride, value, r);
    return scanner.run();
}

} // namespace difflens
