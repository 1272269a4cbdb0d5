#pragma once
// Golden-image helpers for tests: load reference PNGs as RGBA8888, compare byte-exactly,
// describe the first difference and dump actual/expected images for inspection.
#include <QDir>
#include <QImage>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace difflens::test {

// Folder (inside the build tree) where failing tests leave their images.
inline QString goldenOutputDir()
{
    const QString dir = QStringLiteral(DIFFLENS_BINARY_DIR "/test-output");
    QDir().mkpath(dir);
    return dir;
}

// Loads an image file as non-premultiplied RGBA8888; null image when unreadable.
inline QImage loadRgba8888(const QString &path)
{
    QImage img(path);
    if (img.isNull())
        return img;
    return img.convertToFormat(QImage::Format_RGBA8888);
}

// Deep copy of a tightly packed or strided RGBA8 buffer into a QImage.
inline QImage imageFromRgba8(const uint8_t *data, int width, int height, size_t stride)
{
    QImage img(width, height, QImage::Format_RGBA8888);
    for (int y = 0; y < height; ++y)
        std::memcpy(img.scanLine(y), data + size_t(y) * stride, size_t(width) * 4);
    return img;
}

// Empty string when both RGBA8888 images are byte-identical; otherwise a description of
// the size mismatch or of the first differing pixel (row-major order).
inline QString firstDifference(const QImage &actual, const QImage &expected)
{
    if (actual.size() != expected.size())
        return QStringLiteral("size %1x%2, expected %3x%4")
            .arg(actual.width())
            .arg(actual.height())
            .arg(expected.width())
            .arg(expected.height());
    const QImage a = actual.convertToFormat(QImage::Format_RGBA8888);
    const QImage e = expected.convertToFormat(QImage::Format_RGBA8888);
    for (int y = 0; y < a.height(); ++y) {
        const uchar *ra = a.constScanLine(y);
        const uchar *re = e.constScanLine(y);
        if (std::memcmp(ra, re, size_t(a.width()) * 4) == 0)
            continue;
        for (int x = 0; x < a.width(); ++x) {
            const uchar *pa = ra + 4 * x, *pe = re + 4 * x;
            if (std::memcmp(pa, pe, 4) != 0)
                return QStringLiteral("first difference at (%1,%2): rgba(%3,%4,%5,%6), expected rgba(%7,%8,%9,%10)")
                    .arg(x)
                    .arg(y)
                    .arg(pa[0])
                    .arg(pa[1])
                    .arg(pa[2])
                    .arg(pa[3])
                    .arg(pe[0])
                    .arg(pe[1])
                    .arg(pe[2])
                    .arg(pe[3]);
        }
    }
    return {};
}

// Number of pixels whose RGBA bytes differ (images of equal size).
inline qint64 countDifferentPixels(const QImage &actual, const QImage &expected)
{
    if (actual.size() != expected.size())
        return -1;
    const QImage a = actual.convertToFormat(QImage::Format_RGBA8888);
    const QImage e = expected.convertToFormat(QImage::Format_RGBA8888);
    qint64 n = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x)
            n += std::memcmp(a.constScanLine(y) + 4 * x, e.constScanLine(y) + 4 * x, 4) != 0 ? 1 : 0;
    return n;
}

// Saves <name>-actual.png and <name>-expected.png; returns where they went.
inline QString dumpGoldenPair(const QString &name, const QImage &actual, const QImage &expected)
{
    const QString dir = goldenOutputDir();
    const QString pa = dir + QLatin1Char('/') + name + QStringLiteral("-actual.png");
    const QString pe = dir + QLatin1Char('/') + name + QStringLiteral("-expected.png");
    actual.save(pa);
    expected.save(pe);
    return QStringLiteral("images written to %1 and %2").arg(pa, pe);
}

// Compares and, on mismatch, dumps both images; returns the failure text or empty.
inline QString compareGolden(const QString &name, const QImage &actual, const QImage &expected)
{
    const QString diff = firstDifference(actual, expected);
    if (diff.isEmpty())
        return {};
    return QStringLiteral("%1 (%2 pixels differ); %3")
        .arg(diff)
        .arg(countDifferentPixels(actual, expected))
        .arg(dumpGoldenPair(name, actual, expected));
}

} // namespace difflens::test
