#pragma once
// Test image generation with Qt's own PNG writer (independent of the code under test).
#include <QColor>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QRandomGenerator>
#include <QString>

namespace testimg {

// A screenshot-like 8-bit RGB image: gradient background, a few boxes.
inline QImage screen(int w, int h)
{
    QImage img(w, h, QImage::Format_RGB32);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            img.setPixel(x, y, qRgb(200 + (x * 40) / w, 210, 220 + (y * 30) / h));
    QPainter p(&img);
    p.fillRect(QRect(w / 8, h / 8, w / 3, h / 4), QColor(40, 90, 200));
    p.fillRect(QRect(w / 2, h / 2, w / 4, h / 5), QColor(30, 30, 30));
    return img;
}

// A textured page for alignment tests: a gradient, boxes of random colours and small dark
// "glyphs", from a seed (QRandomGenerator: the same image for the same seed).
inline QImage textured(int w, int h, quint32 seed)
{
    QImage img(w, h, QImage::Format_RGB32);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            img.setPixel(x, y, qRgb(190 + (x * 50) / w, 205, 215 + (y * 30) / h));
    QRandomGenerator rng(seed);
    QPainter p(&img);
    for (int i = 0; i < 30; ++i)
        p.fillRect(QRect(rng.bounded(w), rng.bounded(h), 6 + rng.bounded(w / 4), 5 + rng.bounded(h / 5)),
                   QColor(rng.bounded(256), rng.bounded(256), rng.bounded(256)));
    for (int i = 0; i < w * h / 300; ++i)
        p.fillRect(QRect(rng.bounded(w), rng.bounded(h), 1 + rng.bounded(5), 2 + rng.bounded(8)),
                   QColor(rng.bounded(90), rng.bounded(90), rng.bounded(90)));
    return img;
}

inline QImage withBlock(QImage img, const QRect &r, QColor c)
{
    QPainter p(&img);
    p.fillRect(r, c);
    return img;
}

inline bool save(const QImage &img, const QString &path)
{
    return img.save(path, "PNG");
}

inline bool writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace testimg
