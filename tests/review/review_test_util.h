#pragma once
// Helpers for review tests: folder trees of small files and images in a temporary folder.
#include <QColor>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QString>

namespace reviewtest {

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline QImage screen(int w, int h, int seed = 0)
{
    QImage img(w, h, QImage::Format_RGB32);
    img.fill(QColor(220, 225, 230 + seed % 20));
    QPainter p(&img);
    p.fillRect(QRect(w / 8, h / 8, w / 3, h / 4), QColor(40, 90, 200));
    p.fillRect(QRect(w / 2, h / 2, w / 4, h / 5), QColor(30, 30, 30));
    return img;
}

inline QImage withBlock(QImage img, const QRect &r, const QColor &c)
{
    QPainter p(&img);
    p.fillRect(r, c);
    return img;
}

inline bool writePng(const QString &path, const QImage &img)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    return img.save(path, "PNG");
}

} // namespace reviewtest
