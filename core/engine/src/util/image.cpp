#include "difflens/engine/image.h"

#include "plan/pipeline_memory.h"

#include <algorithm>

namespace difflens {

Rect Rect::intersected(const Rect &o) const
{
    const int x0 = std::max(x, o.x), y0 = std::max(y, o.y);
    const int x1 = std::min(x + width, o.x + o.width), y1 = std::min(y + height, o.y + o.height);
    if (x1 <= x0 || y1 <= y0)
        return {};
    return {x0, y0, x1 - x0, y1 - y0};
}

ImageView ImageView::sub(const Rect &r) const
{
    ImageView v = *this;
    v.data = data + size_t(r.y) * stride + size_t(r.x) * bytesPerPixel();
    v.width = r.width;
    v.height = r.height;
    return v;
}

Image::Image(int width, int height, int channels, int depth)
    : m_width(width), m_height(height), m_channels(channels), m_depth(depth)
{
    // Zero-filled like any vector, but large frames ask for huge pages before the first
    // touch: a 4K or 8K frame otherwise costs tens of thousands of 4 KiB page faults.
    detail::assignFresh(m_data, size_t(width) * height * channels * (depth / 8), uint8_t(0));
}

} // namespace difflens
