#include "png_palette.h"

#include "difflens/engine/parallel.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>

namespace difflens::png {

namespace {

// Open-addressing colour -> index table for at most 256 colours.
class ColourTable {
public:
    static constexpr int kSlots = 1024; // load <= 25%
    static constexpr int kMaxColours = 256;

    ColourTable() { std::memset(m_used, 0, sizeof m_used); }

    // Index of `c`, inserting it; -1 once the table would exceed 256 colours.
    int indexOf(uint32_t c)
    {
        uint32_t slot = (c * 2654435761u) >> 22; // 10 bits
        while (m_used[slot]) {
            if (m_keys[slot] == c)
                return m_index[slot];
            slot = (slot + 1) & (kSlots - 1);
        }
        if (m_count == kMaxColours)
            return -1;
        m_used[slot] = 1;
        m_keys[slot] = c;
        m_index[slot] = uint8_t(m_count);
        m_colours[m_count] = c;
        return m_count++;
    }

    int count() const { return m_count; }
    uint32_t colour(int i) const { return m_colours[i]; }

private:
    uint32_t m_keys[kSlots];
    uint8_t m_index[kSlots];
    uint8_t m_used[kSlots];
    uint32_t m_colours[kMaxColours];
    int m_count = 0;
};

inline uint32_t pixelAt(const uint8_t *p, int channels)
{
    if (channels == 4) {
        uint32_t v;
        std::memcpy(&v, p, 4);
        return v;
    }
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | 0xff000000u;
}

struct Segment {
    ColourTable table;
    int y0 = 0, y1 = 0;
    bool ok = true;
};

// Indexes rows [y0, y1) against the segment's own table. Opaque grey pixels (most of a
// diff image) skip the hash table through a 256-entry lookup.
void indexRows(const ImageView &img, Segment &seg, uint8_t *filtered, const std::atomic<bool> &abort)
{
    const int ch = img.channels;
    const size_t rowOut = size_t(img.width) + 1;
    int16_t greyIndex[256];
    std::fill(greyIndex, greyIndex + 256, int16_t(-1));
    for (int y = seg.y0; y < seg.y1; ++y) {
        if (abort.load(std::memory_order_relaxed)) {
            seg.ok = false;
            return;
        }
        const uint8_t *src = img.row(y);
        uint8_t *dst = filtered + size_t(y) * rowOut;
        dst[0] = 0; // filter: none
        for (int x = 0; x < img.width; ++x) {
            const uint32_t c = pixelAt(src + size_t(x) * ch, ch);
            const uint32_t v = c & 0xffu;
            int index;
            if (c == (v * 0x010101u | 0xff000000u)) {
                index = greyIndex[v];
                if (index < 0)
                    index = greyIndex[v] = int16_t(seg.table.indexOf(c));
            } else {
                index = seg.table.indexOf(c);
            }
            if (index < 0) {
                seg.ok = false;
                return;
            }
            dst[x + 1] = uint8_t(index);
        }
    }
}

} // namespace

bool indexImage(const ImageView &img, int threads, uint8_t *filtered, std::vector<uint32_t> &palette)
{
    palette.clear();
    if (img.depth != 8 || (img.channels != 3 && img.channels != 4) || !img.valid())
        return false;
    const int segs = std::max(1, std::min(threads, img.height));
    std::unique_ptr<Segment[]> segments(new Segment[size_t(segs)]);
    for (int s = 0; s < segs; ++s) {
        segments[size_t(s)].y0 = int(int64_t(img.height) * s / segs);
        segments[size_t(s)].y1 = int(int64_t(img.height) * (s + 1) / segs);
    }
    std::atomic<bool> abortFlag{false};
    Segment *segData = segments.get();
    const std::atomic<bool> *abortPtr = &abortFlag;
    std::atomic<bool> *abortWrite = &abortFlag;
    const ImageView view = img;
    parallelFor(segs, [view, segData, filtered, abortPtr, abortWrite](int s0, int s1) {
        for (int s = s0; s < s1; ++s) {
            indexRows(view, segData[s], filtered, *abortPtr);
            if (!segData[s].ok)
                abortWrite->store(true);
        }
    }, segs);
    if (abortFlag.load())
        return false;

    // Merge: segment 0's order is the global order; later segments get a byte LUT.
    ColourTable global;
    const size_t rowOut = size_t(img.width) + 1;
    for (int s = 0; s < segs; ++s) {
        const Segment &seg = segments[size_t(s)];
        uint8_t lut[256];
        bool identity = true;
        for (int i = 0; i < seg.table.count(); ++i) {
            const int g = global.indexOf(seg.table.colour(i));
            if (g < 0)
                return false;
            lut[i] = uint8_t(g);
            identity = identity && g == i;
        }
        if (identity)
            continue;
        for (int y = seg.y0; y < seg.y1; ++y) {
            uint8_t *row = filtered + size_t(y) * rowOut + 1;
            for (int x = 0; x < img.width; ++x)
                row[x] = lut[row[x]];
        }
    }
    palette.reserve(size_t(global.count()));
    for (int i = 0; i < global.count(); ++i)
        palette.push_back(global.colour(i));
    return true;
}

} // namespace difflens::png
