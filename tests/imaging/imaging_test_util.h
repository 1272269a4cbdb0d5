#pragma once
// Helpers for the imaging tests: deterministic images, OpenCV encoding from our RGBA layout,
// and hand-built files (TIFF, BMP, EXIF blocks) for cases OpenCV cannot write.
#include "difflens/engine/image.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>
#include <QString>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace testutil {

using difflens::Image;

inline int maxValue(int depth)
{
    return depth == 16 ? 65535 : 255;
}

inline int sample(const Image &img, int x, int y, int c)
{
    if (img.depth() == 16)
        return reinterpret_cast<const uint16_t *>(img.row(y))[size_t(x) * img.channels() + c];
    return img.row(y)[size_t(x) * img.channels() + c];
}

inline void setSample(Image &img, int x, int y, int c, int v)
{
    if (img.depth() == 16)
        reinterpret_cast<uint16_t *>(img.row(y))[size_t(x) * img.channels() + c] = uint16_t(v);
    else
        img.row(y)[size_t(x) * img.channels() + c] = uint8_t(v);
}

// Deterministic pattern with distinct values per channel; alpha (when present) varies and
// is not fully opaque.
inline Image makePattern(int w, int h, int channels, int depth, unsigned seed = 1)
{
    Image img(w, h, channels, depth);
    const int maxv = maxValue(depth);
    uint32_t s = seed * 2654435761u + 12345u;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < channels; ++c) {
                s = s * 1664525u + 1013904223u;
                setSample(img, x, y, c, int((s >> 8) % uint32_t(maxv + 1)));
            }
    return img;
}

// Our channel order (grey / RGB / RGBA) to what OpenCV expects (grey / BGR / BGRA).
inline cv::Mat toCvOrder(const Image &img)
{
    const int depth = img.depth() == 16 ? CV_16U : CV_8U;
    cv::Mat m(img.height(), img.width(), CV_MAKETYPE(depth, img.channels()), const_cast<uint8_t *>(img.data()),
              img.stride());
    cv::Mat out;
    if (img.channels() == 3)
        cv::cvtColor(m, out, cv::COLOR_RGB2BGR);
    else if (img.channels() == 4)
        cv::cvtColor(m, out, cv::COLOR_RGBA2BGRA);
    else
        out = m.clone();
    return out;
}

inline std::vector<uint8_t> cvEncode(const std::string &ext, const Image &img, const std::vector<int> &params = {})
{
    std::vector<uint8_t> buf;
    cv::imencode(ext, toCvOrder(img), buf, params);
    return buf;
}

inline bool writeBytes(const QString &path, const std::vector<uint8_t> &bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    return f.write(reinterpret_cast<const char *>(bytes.data()), qint64(bytes.size())) == qint64(bytes.size());
}

inline QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result();
}

struct ByteWriter {
    std::vector<uint8_t> b;
    bool little = true;
    void u8(int v) { b.push_back(uint8_t(v)); }
    void u16(int v)
    {
        if (little) { u8(v & 255); u8((v >> 8) & 255); } else { u8((v >> 8) & 255); u8(v & 255); }
    }
    void u32(uint32_t v)
    {
        if (little) { u16(int(v & 0xffff)); u16(int(v >> 16)); } else { u16(int(v >> 16)); u16(int(v & 0xffff)); }
    }
    void text(const char *s, size_t n) { b.insert(b.end(), s, s + n); }
};

// Uncompressed single-strip TIFF, 1..4 samples (2 and 4 carry unassociated alpha),
// samples in the file's byte order.
inline std::vector<uint8_t> buildTiff(const Image &img, bool little)
{
    ByteWriter w;
    w.little = little;
    const int spp = img.channels(), bits = img.depth();
    const uint32_t dataSize = uint32_t(img.byteSize());
    const bool alpha = spp == 2 || spp == 4;
    const int entries = 10 + (alpha ? 1 : 0);
    const uint32_t ifdOffset = 8;
    const uint32_t ifdSize = 2 + 12 * uint32_t(entries) + 4;
    const uint32_t bitsOffset = ifdOffset + ifdSize;
    const uint32_t dataOffset = bitsOffset + 8;
    w.text(little ? "II" : "MM", 2);
    w.u16(42);
    w.u32(ifdOffset);
    w.u16(entries);
    auto entry = [&w](int tag, int type, uint32_t count, uint32_t value) {
        w.u16(tag);
        w.u16(type);
        w.u32(count);
        if (type == 3 && count == 1) { w.u16(int(value)); w.u16(0); } else { w.u32(value); }
    };
    entry(256, 4, 1, uint32_t(img.width()));
    entry(257, 4, 1, uint32_t(img.height()));
    if (spp <= 2)
        entry(258, 3, uint32_t(spp), spp == 1 ? uint32_t(bits) : 0); // patched below for spp 2
    else
        entry(258, 3, uint32_t(spp), bitsOffset);
    if (spp == 2) { // two SHORTs fit inline
        w.b.resize(w.b.size() - 4);
        w.u16(bits);
        w.u16(bits);
    }
    entry(259, 3, 1, 1);
    entry(262, 3, 1, spp >= 3 ? 2 : 1);
    entry(273, 4, 1, dataOffset);
    entry(277, 3, 1, uint32_t(spp));
    entry(278, 4, 1, uint32_t(img.height()));
    entry(279, 4, 1, dataSize);
    entry(284, 3, 1, 1);
    if (alpha)
        entry(338, 3, 1, 2);
    w.u32(0);
    for (int i = 0; i < 4; ++i)
        w.u16(bits);
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            for (int c = 0; c < spp; ++c) {
                if (bits == 16)
                    w.u16(sample(img, x, y, c));
                else
                    w.u8(sample(img, x, y, c));
            }
    return w.b;
}

// 32-bit BMP with a BITMAPV5 header and an alpha mask (top-down rows).
inline std::vector<uint8_t> buildBmpRgba(const Image &img)
{
    ByteWriter w;
    const uint32_t header = 124, offset = 14 + header;
    const uint32_t size = offset + uint32_t(img.width() * img.height() * 4);
    w.text("BM", 2);
    w.u32(size);
    w.u32(0);
    w.u32(offset);
    w.u32(header);
    w.u32(uint32_t(img.width()));
    w.u32(uint32_t(-img.height()));
    w.u16(1);
    w.u16(32);
    w.u32(3); // BI_BITFIELDS
    w.u32(uint32_t(img.width() * img.height() * 4));
    w.u32(2835);
    w.u32(2835);
    w.u32(0);
    w.u32(0);
    w.u32(0x00ff0000);
    w.u32(0x0000ff00);
    w.u32(0x000000ff);
    w.u32(0xff000000);
    w.u32(0x73524742); // 'sRGB'
    for (int i = 0; i < 12; ++i)
        w.u32(0); // endpoints, gamma
    w.u32(4);     // intent
    w.u32(0);
    w.u32(0);
    w.u32(0);
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            w.u8(sample(img, x, y, 2));
            w.u8(sample(img, x, y, 1));
            w.u8(sample(img, x, y, 0));
            w.u8(sample(img, x, y, 3));
        }
    return w.b;
}

// 16-bit (X1R5G5B5) BMP, bottom-up rows; pixel (x, y) gets 5-bit values from fn.
inline std::vector<uint8_t> buildBmp555(int width, int height, int (*r5)(int, int), int (*g5)(int, int),
                                        int (*b5)(int, int))
{
    ByteWriter w;
    const uint32_t rowBytes = uint32_t((width * 16 + 31) / 32 * 4);
    const uint32_t offset = 14 + 40;
    w.text("BM", 2);
    w.u32(offset + rowBytes * uint32_t(height));
    w.u32(0);
    w.u32(offset);
    w.u32(40);
    w.u32(uint32_t(width));
    w.u32(uint32_t(height));
    w.u16(1);
    w.u16(16);
    w.u32(0);
    w.u32(rowBytes * uint32_t(height));
    w.u32(2835);
    w.u32(2835);
    w.u32(0);
    w.u32(0);
    for (int row = height - 1; row >= 0; --row) {
        for (int x = 0; x < width; ++x)
            w.u16((r5(x, row) << 10) | (g5(x, row) << 5) | b5(x, row));
        for (uint32_t pad = uint32_t(width) * 2; pad < rowBytes; ++pad)
            w.u8(0);
    }
    return w.b;
}

// Inserts an APP1 Exif block with one Orientation entry right after the JPEG SOI marker.
inline std::vector<uint8_t> withExifOrientation(const std::vector<uint8_t> &jpeg, int orientation, bool little)
{
    ByteWriter t;
    t.little = little;
    t.text(little ? "II" : "MM", 2);
    t.u16(42);
    t.u32(8);
    t.u16(1);
    t.u16(0x0112);
    t.u16(3);
    t.u32(1);
    t.u16(orientation);
    t.u16(0);
    t.u32(0);
    std::vector<uint8_t> app1 = {0xFF, 0xE1, 0, 0, 'E', 'x', 'i', 'f', 0, 0};
    app1.insert(app1.end(), t.b.begin(), t.b.end());
    const size_t len = app1.size() - 2;
    app1[2] = uint8_t(len >> 8);
    app1[3] = uint8_t(len & 255);
    std::vector<uint8_t> out(jpeg.begin(), jpeg.begin() + 2);
    out.insert(out.end(), app1.begin(), app1.end());
    out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
    return out;
}

} // namespace testutil
