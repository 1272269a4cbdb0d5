// Grouping of mismatched pixels into regions (RegionStream, and findRegions over it),
// streaming over rows and working on horizontal runs, with memory proportional to one row
// plus the number of runs and of open clusters:
//  1. the selected pixels of each row become runs [begin, end), widened by r (the
//     horizontal half of the separable square dilation);
//  2. the vertical half: a difference array over columns holds how many widened rows of
//     the window [y - r, y + r] cover each column; rows enter and leave the window as the
//     scan advances and the dilated row is read back as runs (only between the extreme
//     columns of the window; rows with few runs merge the window's runs directly);
//  3. dilated runs are labelled 8-connected against the previous dilated row with
//     union-find;
//  4. each original run lies inside exactly one dilated run of its row, which gives its
//     cluster; boxes and pixel counts use the original pixels only;
//  5. clusters that no run of the last dilated row belongs to are closed and leave the
//     union-find structure.
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

// Clusters closed by the scan merge into one box per root.
void mergeByRoot(const std::vector<Box> &boxes, const std::vector<int> &roots, std::vector<Box> &merged,
                 std::vector<int> &index)
{
    index.assign(boxes.size(), -1);
    for (size_t i = 0; i < boxes.size(); ++i) {
        int &k = index[size_t(roots[i])];
        if (k < 0) {
            k = int(merged.size());
            merged.emplace_back();
        }
        merged[size_t(k)].add(boxes[i]);
    }
}

void appendRegions(const std::vector<Box> &boxes, std::vector<Region> &out)
{
    for (const Box &b : boxes)
        if (b.pixels > 0)
            out.push_back({{b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0}, b.pixels});
}

} // namespace

struct RegionStream::Impl {
    Impl(int width, int value, int r)
        : m_width(width), m_value(value), m_r(r), m_window(2 * r + 1), m_orig(size_t(m_window)),
          m_wide(size_t(m_window)), m_cover(size_t(width) + 1, 0)
    {
    }

    void push(const uint8_t *row)
    {
        const int y = m_rows++;
        enterRow(y, row);
        if (y - m_r >= 0)
            process(y - m_r);
    }

    std::vector<Region> finish()
    {
        for (int y = std::max(0, m_rows - m_r); y < m_rows; ++y)
            process(y);
        std::vector<int> roots(m_boxes.size());
        for (size_t i = 0; i < roots.size(); ++i)
            roots[i] = m_sets.find(int(i));
        std::vector<Box> merged;
        std::vector<int> index;
        mergeByRoot(m_boxes, roots, merged, index);
        std::vector<Region> regions = std::move(m_closed);
        appendRegions(merged, regions);
        std::sort(regions.begin(), regions.end(), [](const Region &l, const Region &r) {
            if (l.pixels != r.pixels)
                return l.pixels > r.pixels;
            if (l.box.y != r.box.y)
                return l.box.y < r.box.y;
            if (l.box.x != r.box.x)
                return l.box.x < r.box.x;
            if (l.box.width != r.box.width)
                return l.box.width < r.box.width;
            return l.box.height < r.box.height;
        });
        return regions;
    }

    int64_t workingBytes() const
    {
        int64_t runs = 0;
        for (size_t i = 0; i < m_orig.size(); ++i)
            runs += int64_t(m_orig[i].capacity() + m_wide[i].capacity()) * int64_t(sizeof(Run));
        return runs + int64_t(m_cover.capacity()) * 4 + int64_t(m_gather.capacity()) * int64_t(sizeof(Run)) +
               int64_t(m_prev.capacity() + m_cur.capacity()) * int64_t(sizeof(LabelledRun)) +
               int64_t(m_sets.parent.capacity()) * 4 + int64_t(m_boxes.capacity()) * int64_t(sizeof(Box)) +
               int64_t(m_closed.capacity()) * int64_t(sizeof(Region));
    }

    int m_rows = 0;

private:
    size_t slot(int y) const { return size_t(y % m_window); }

    void process(int y)
    {
        dilatedRow(y);
        labelRow(y);
        if (y - m_r >= 0)
            leaveRow(y - m_r);
        if (m_boxes.size() > 4096 + 4 * m_cur.size())
            closeFinished();
    }

    void enterRow(int y, const uint8_t *row)
    {
        std::vector<Run> &orig = m_orig[slot(y)];
        extractRow(row, m_width, m_value, orig);
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
        const int last = std::min(m_rows - 1, y + m_r);
        int lo = m_width, hi = 0;
        for (int j = std::max(0, y - m_r); j <= last; ++j) {
            const std::vector<Run> &wide = m_wide[slot(j)];
            if (!wide.empty()) {
                lo = std::min(lo, wide.front().begin);
                hi = std::max(hi, wide.back().end);
            }
        }
        // Few runs over a wide span: merge the runs themselves instead of scanning columns.
        if (m_windowRuns * 16 < int64_t(hi - lo)) {
            m_gather.clear();
            for (int j = std::max(0, y - m_r); j <= last; ++j)
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

    // Clusters no run of the last labelled row belongs to can never grow again: move them
    // to m_closed and renumber the open ones (labels 0..open-1, one per cluster).
    void closeFinished()
    {
        std::vector<int> roots(m_boxes.size());
        for (size_t i = 0; i < roots.size(); ++i)
            roots[i] = m_sets.find(int(i));
        std::vector<char> open(m_boxes.size(), 0);
        for (const LabelledRun &c : m_cur)
            open[size_t(roots[size_t(c.id)])] = 1;
        std::vector<Box> merged;
        std::vector<int> index;
        mergeByRoot(m_boxes, roots, merged, index);
        std::vector<Box> stillOpen;
        std::vector<int> renumber(merged.size(), -1);
        for (size_t i = 0; i < m_boxes.size(); ++i) {
            const int k = index[i];
            if (k < 0 || !open[i])
                continue; // only roots carry an index entry that matters here
            renumber[size_t(k)] = int(stillOpen.size());
            stillOpen.push_back(merged[size_t(k)]);
        }
        for (size_t k = 0; k < merged.size(); ++k)
            if (renumber[k] < 0 && merged[k].pixels > 0)
                m_closed.push_back({{merged[k].x0, merged[k].y0, merged[k].x1 - merged[k].x0,
                                     merged[k].y1 - merged[k].y0},
                                    merged[k].pixels});
        for (LabelledRun &c : m_cur)
            c.id = renumber[size_t(index[size_t(roots[size_t(c.id)])])];
        m_boxes = std::move(stillOpen);
        m_sets.parent.resize(m_boxes.size());
        for (size_t i = 0; i < m_boxes.size(); ++i)
            m_sets.parent[i] = int(i);
    }

    int m_width, m_value, m_r, m_window;
    std::vector<std::vector<Run>> m_orig, m_wide; // ring of the rows in the window
    std::vector<int> m_cover;                     // difference array over columns
    std::vector<Run> m_gather;                    // window runs, for sparse rows
    int64_t m_windowRuns = 0;
    std::vector<LabelledRun> m_prev, m_cur;
    DisjointSets m_sets;
    std::vector<Box> m_boxes; // per open label: the original pixels it received
    std::vector<Region> m_closed;
};

std::vector<Region> findRegions(const uint8_t *mask, int width, int height, size_t stride, int value, int dilation)
{
    if (!mask || width <= 0 || height <= 0 || value == 0 || value > 255)
        return {};
    if (stride < size_t(width))
        stride = size_t(width);
    // A radius beyond the frame changes nothing.
    const int r = std::min(std::max(dilation, 0), std::max(width, height));
    RegionStream stream(width, value, r);
    for (int y = 0; y < height; ++y)
        stream.pushRow(mask + size_t(y) * stride);
    return stream.finish();
}

RegionStream::RegionStream(int width, int value, int dilation)
    : m(std::make_unique<Impl>(std::max(width, 1), value, std::min(std::max(dilation, 0), 1 << 16)))
{
}

RegionStream::~RegionStream() = default;

void RegionStream::pushRow(const uint8_t *row)
{
    m->push(row);
}

int RegionStream::rows() const
{
    return m->m_rows;
}

std::vector<Region> RegionStream::finish()
{
    return m->finish();
}

int64_t RegionStream::workingBytes() const
{
    return m->workingBytes();
}

} // namespace difflens
