#pragma once
// Helpers for the report tests: synthetic images and the poppler command-line tools.
#include "difflens/compare/compare.h"
#include "difflens/compare/review/runner.h"
#include "difflens/compare/review/session.h"

#include <QByteArray>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

#include <cstring>
#include <memory>

namespace reporttest {

inline bool havePoppler()
{
    return !QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty() &&
           !QStandardPaths::findExecutable(QStringLiteral("pdfinfo")).isEmpty() &&
           !QStandardPaths::findExecutable(QStringLiteral("pdftoppm")).isEmpty();
}

inline QByteArray run(const QString &program, const QStringList &args, QByteArray *err = nullptr)
{
    QProcess p;
    p.start(program, args);
    p.waitForFinished(120000);
    if (err)
        *err = p.readAllStandardError();
    return p.readAllStandardOutput();
}

inline QString pdfText(const QString &pdf)
{
    return QString::fromUtf8(run(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")}));
}

// "Pages:" and "Page size:" lines of pdfinfo.
inline int pdfPages(const QString &pdf, QString *pageSize = nullptr, QByteArray *err = nullptr)
{
    const QString info = QString::fromUtf8(run(QStringLiteral("pdfinfo"), {pdf}, err));
    int pages = -1;
    for (const QString &line : info.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("Pages:")))
            pages = line.mid(6).trimmed().toInt();
        if (pageSize && line.startsWith(QLatin1String("Page size:")))
            *pageSize = line.mid(10).trimmed();
    }
    return pages;
}

// Renders one page at `dpi` to a QImage.
inline QImage renderPage(const QString &pdf, int page, int dpi, const QString &tmpPrefix)
{
    run(QStringLiteral("pdftoppm"), {QStringLiteral("-r"), QString::number(dpi), QStringLiteral("-f"),
                                     QString::number(page), QStringLiteral("-l"), QString::number(page),
                                     QStringLiteral("-png"), QStringLiteral("-singlefile"), pdf, tmpPrefix});
    return QImage(tmpPrefix + QStringLiteral(".png"));
}

// Mean colour of the (2r+1)^2 pixels around (x, y).
inline QColor meanAround(const QImage &img, int x, int y, int r = 2)
{
    long sr = 0, sg = 0, sb = 0, n = 0;
    for (int yy = y - r; yy <= y + r; ++yy)
        for (int xx = x - r; xx <= x + r; ++xx) {
            const QRgb c = img.pixel(xx, yy);
            sr += qRed(c);
            sg += qGreen(c);
            sb += qBlue(c);
            ++n;
        }
    return QColor(int(sr / n), int(sg / n), int(sb / n));
}

inline bool near(const QColor &a, const QColor &b, int tol)
{
    return std::abs(a.red() - b.red()) <= tol && std::abs(a.green() - b.green()) <= tol &&
           std::abs(a.blue() - b.blue()) <= tol;
}

// Solid RGBA8 image.
inline difflens::Image solid(int w, int h, uint8_t r, uint8_t g, uint8_t b)
{
    difflens::Image img(w, h, 4, 8);
    for (int y = 0; y < h; ++y) {
        uint8_t *p = img.row(y);
        for (int x = 0; x < w; ++x, p += 4) {
            p[0] = r;
            p[1] = g;
            p[2] = b;
            p[3] = 255;
        }
    }
    return img;
}

inline void fillRect(difflens::Image &img, const difflens::Rect &rc, uint8_t r, uint8_t g, uint8_t b)
{
    for (int y = rc.y; y < rc.y + rc.height; ++y)
        for (int x = rc.x; x < rc.x + rc.width; ++x) {
            uint8_t *p = img.row(y) + size_t(x) * 4;
            p[0] = r;
            p[1] = g;
            p[2] = b;
            p[3] = 255;
        }
}

inline difflens::CompareResult compare(const difflens::Image &a, const difflens::Image &b, bool ssim,
                                       difflens::CompareOptions *usedOut = nullptr)
{
    difflens::CompareOptions opt;
    opt.keepImages = true;
    opt.job.wantDiffImage = true;
    opt.job.computeSsim = ssim;
    difflens::ImageInfo ia{"/data/a.png", a.width(), a.height(), 4, 8};
    difflens::ImageInfo ib{"/data/b.png", b.width(), b.height(), 4, 8};
    if (usedOut)
        *usedOut = opt;
    difflens::CompareResult r = difflens::compareImages(a, b, ia, ib, opt);
    r.imageA = std::make_shared<const difflens::Image>(a); // compareFiles keeps them; compareImages does not
    r.imageB = std::make_shared<const difflens::Image>(b);
    return r;
}

// A w x h image of `fill` with the rectangle `box` (when valid) in `boxColor`.
inline QImage filled(int w, int h, const QColor &fill, const QRect &box = {}, const QColor &boxColor = {})
{
    QImage img(w, h, QImage::Format_RGB32);
    img.fill(fill);
    for (int y = box.top(); box.isValid() && y <= box.bottom(); ++y)
        for (int x = box.left(); x <= box.right(); ++x)
            img.setPixel(x, y, boxColor.rgb());
    return img;
}

// Saves img as PNG at path, creating its folder.
inline bool savePng(const QString &path, const QImage &img)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    return img.save(path, "PNG");
}

// A folder review of base and cur (one thread) saved as a session at path, with the pair
// `flagged` flagged and noted. False with a reason when the review, the pair or the save fails.
inline bool saveFlaggedSession(const QString &base, const QString &cur, const std::string &flagged,
                               const std::string &note, const QString &path, std::string &error)
{
    difflens::review::ReviewSession session;
    session.baselineRoot = base.toStdString();
    session.currentRoot = cur.toStdString();
    difflens::review::ReviewRunOptions ropt;
    ropt.threads = 1;
    const difflens::review::ReviewRunStats stats = difflens::review::runReview(
        session.baselineRoot, session.currentRoot, difflens::review::ReviewConfig(), ropt,
        [&session](const difflens::review::PairOutcome &o) { session.setResult(o.summary); });
    if (!stats.ok)
        return error = stats.error, false;
    difflens::review::ReviewEntry *e = session.find(flagged);
    if (!e || e->summary.status != difflens::review::PairStatus::Different)
        return error = flagged + ": not found as a different pair", false;
    e->decision = difflens::review::Decision::Flagged;
    e->note = note;
    return session.save(path.toStdString(), error);
}

// A text file's contents ("" when it cannot be read).
inline QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// The metric rows and region lines of an HTML report, without what varies between two routes
// of the same comparison (Plan, Time).
inline QString htmlMetrics(const QString &html)
{
    static const QRegularExpression row(QStringLiteral("<tr><th>([^<]*)</th><td>([^<]*)</td></tr>"));
    QStringList out;
    for (auto it = row.globalMatch(html); it.hasNext();) {
        const auto m = it.next();
        if (m.captured(1) != QLatin1String("Plan") && m.captured(1) != QLatin1String("Time"))
            out << m.captured(1) + QLatin1String(": ") + m.captured(2);
    }
    static const QRegularExpression region(QStringLiteral("<li>x [^<]*</li>"));
    for (auto it = region.globalMatch(html); it.hasNext();)
        out << it.next().captured(0);
    return out.join(QLatin1Char('\n'));
}

// Peak RSS (KiB) of `program args` by GNU time (written to timeFile); -1 when it did not run
// to a normal exit. `output` receives stdout and stderr, `exitCode` the program's exit code.
inline qint64 peakKiB(const QString &program, const QStringList &args, const QString &timeFile,
                      QByteArray *output = nullptr, int *exitCode = nullptr)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("/usr/bin/time"),
            QStringList{QStringLiteral("-o"), timeFile, QStringLiteral("-f"), QStringLiteral("%M")} +
                QStringList{program} + args);
    if (!p.waitForFinished(300000) || p.exitStatus() != QProcess::NormalExit)
        return -1;
    if (output)
        *output = p.readAll();
    if (exitCode)
        *exitCode = p.exitCode();
    bool ok = false;
    const qint64 kib = readText(timeFile).trimmed().split(QLatin1Char('\n')).last().toLongLong(&ok);
    return ok ? kib : -1;
}

} // namespace reporttest
