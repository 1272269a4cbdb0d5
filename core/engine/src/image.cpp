#include "difflens/engine/image.h"

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
    : m_width(width), m_height(height), m_channels(channels), m_depth(depth),
      m_data(size_t(width) * height * channels * (depth / 8))
{
}

} // namespace difflens
