#pragma once
// Small helpers shared by the engine tests: fixture discovery, QImage <-> engine views,
// synthetic images.
#include "difflens/engine/image.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QString>

#include <cstdint>
#include <cstring>

namespace difflens::test {

inline QString pixelmatchFixturesDir()
{
    return QStringLiteral(DIFFLENS_FIXTURES_DIR "/pixelmatch-7.2.0");
}

inline bool pixelmatchFixturesPresent()
{
    return QFileInfo::exists(pixelmatchFixturesDir() + QStringLiteral("/expected.tsv"));
}

// View of an RGBA8888 QImage (the image must outlive the view).
inline ImageView viewOf(const QImage &img)
{
    ImageView v;
    v.data = img.constBits();
    v.width = img.width();
    v.height = img.height();
    v.channels = 4;
    v.depth = 8;
    v.stride = size_t(img.bytesPerLine());
    return v;
}

// Owning RGBA8 copy of an RGBA8888 QImage.
inline Image imageOf(const QImage &img)
{
    Image out(img.width(), img.height(), 4, 8);
    for (int y = 0; y < img.height(); ++y)
        std::memcpy(out.row(y), img.constScanLine(y), size_t(img.width()) * 4);
    return out;
}

// 16-bit copy: each 8-bit sample v becomes v * 257 (same value on the 0..255 scale).
inline Image widenTo16(const Image &img8)
{
    Image out(img8.width(), img8.height(), 4, 16);
    for (int y = 0; y < img8.height(); ++y) {
        const uint8_t *s = img8.row(y);
        uint8_t *d = out.row(y);
        for (int i = 0; i < img8.width() * 4; ++i) {
            const uint16_t v = uint16_t(s[i] * 257);
            std::memcpy(d + 2 * i, &v, 2);
        }
    }
    return out;
}

inline QImage qimageOf(const Image &img)
{
    QImage out(img.width(), img.height(), QImage::Format_RGBA8888);
    for (int y = 0; y < img.height(); ++y)
        std::memcpy(out.scanLine(y), img.row(y), size_t(img.width()) * 4);
    return out;
}

inline void setPixel(Image &img, int x, int y, uint8_t r, uint8_t g, uint8_t b, uint8_t a = 255)
{
    uint8_t *p = img.row(y) + size_t(x) * 4;
    p[0] = r;
    p[1] = g;
    p[2] = b;
    p[3] = a;
}

inline void fill(Image &img, uint8_t r, uint8_t g, uint8_t b, uint8_t a = 255)
{
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            setPixel(img, x, y, r, g, b, a);
}

} // namespace difflens::test
