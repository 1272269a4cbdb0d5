#pragma once
// Pixel containers shared by every layer. No Qt, no OpenCV, no LibTorch here.
//
// Convention: decoded images are always interleaved RGBA (4 channels), 8 or 16 bits per
// sample, tightly packed rows unless a view says otherwise. `sourceChannels` records what
// the file held (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA) for reporting.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace difflens {

struct Rect {
    int x = 0, y = 0, width = 0, height = 0;
    bool empty() const { return width <= 0 || height <= 0; }
    bool contains(int px, int py) const { return px >= x && py >= y && px < x + width && py < y + height; }
    Rect intersected(const Rect &o) const;
    friend bool operator==(const Rect &a, const Rect &b) {
        return a.x == b.x && a.y == b.y && a.width == b.width && a.height == b.height;
    }
};

// Non-owning view of interleaved pixels.
struct ImageView {
    const uint8_t *data = nullptr;
    int width = 0;
    int height = 0;
    int channels = 4;      // samples per pixel
    int depth = 8;         // bits per sample: 8 or 16
    size_t stride = 0;     // bytes per row

    size_t bytesPerPixel() const { return size_t(channels) * (depth / 8); }
    const uint8_t *row(int y) const { return data + size_t(y) * stride; }
    bool valid() const { return data && width > 0 && height > 0; }
    ImageView sub(const Rect &r) const; // crop (no copy); r must lie inside
};

// Owning image; rows tightly packed.
class Image {
public:
    Image() = default;
    Image(int width, int height, int channels, int depth);

    int width() const { return m_width; }
    int height() const { return m_height; }
    int channels() const { return m_channels; }
    int depth() const { return m_depth; }
    size_t stride() const { return size_t(m_width) * m_channels * (m_depth / 8); }
    size_t byteSize() const { return m_data.size(); }
    bool isNull() const { return m_width <= 0 || m_height <= 0; }

    uint8_t *data() { return m_data.data(); }
    const uint8_t *data() const { return m_data.data(); }
    uint8_t *row(int y) { return m_data.data() + size_t(y) * stride(); }
    const uint8_t *row(int y) const { return m_data.data() + size_t(y) * stride(); }

    ImageView view() const { return {m_data.data(), m_width, m_height, m_channels, m_depth, stride()}; }

private:
    int m_width = 0, m_height = 0, m_channels = 0, m_depth = 8;
    std::vector<uint8_t> m_data;
};

// Single-channel float image (SSIM map, heatmaps).
struct FloatImage {
    int width = 0, height = 0;
    std::vector<float> data;
    float at(int x, int y) const { return data[size_t(y) * width + x]; }
};

} // namespace difflens
