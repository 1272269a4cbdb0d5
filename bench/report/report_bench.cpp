// Generates N screenshot-like pairs (1280x720: panels, buttons, text), reviews them into a
// session, then writes the PDF report and prints its time and size.
//
// Usage: difflens-report-bench [--pairs N] [--dir DIR] [--failures-only] [--page-size a4|letter]
// Two thirds of the pairs differ (a recoloured button, a moved panel, changed text), the rest
// are identical; every tenth pair exists only in the current folder.
#include "difflens/compare/review/runner.h"
#include "difflens/report/report.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <cstdio>
#include <cstring>
#include <string>

namespace {

QImage screen(quint32 seed, int change)
{
    QRandomGenerator rng(seed);
    QImage img(1280, 720, QImage::Format_RGB32);
    img.fill(QColor(246, 247, 249));
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(0, 0, 1280, 44, QColor(40, 44, 52));
    p.fillRect(0, 44, 220, 676, QColor(233, 236, 240));
    QFont f(QStringLiteral("DejaVu Sans"), 11);
    p.setFont(f);
    for (int i = 0; i < 9; ++i) {
        p.setPen(QColor(60, 60, 60));
        p.drawText(24, 84 + i * 34, QStringLiteral("Section %1").arg(rng.bounded(100)));
    }
    for (int c = 0; c < 6; ++c) {
        const int x = 250 + (c % 3) * 340 + (change == 2 && c == 4 ? 6 : 0), y = 80 + (c / 3) * 300;
        p.setPen(QColor(215, 218, 224));
        p.setBrush(Qt::white);
        p.drawRoundedRect(x, y, 320, 270, 8, 8);
        p.setPen(QColor(30, 30, 30));
        p.drawText(x + 16, y + 32, change == 3 && c == 1 ? QStringLiteral("Changed title") : QStringLiteral("Card %1").arg(c));
        for (int l = 0; l < 6; ++l)
            p.fillRect(x + 16, y + 56 + l * 22, 120 + int(rng.bounded(160)), 8, QColor(200, 204, 210));
        const QColor button = change == 1 && c == 0 ? QColor(30, 150, 80) : QColor(40, 110, 220);
        p.setPen(Qt::NoPen);
        p.setBrush(button);
        p.drawRoundedRect(x + 200, y + 220, 100, 32, 6, 6);
    }
    return img;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    int pairs = 200;
    std::string dirArg;
    difflens::report::ReportOptions opt;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--pairs") && i + 1 < argc)
            pairs = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--dir") && i + 1 < argc)
            dirArg = argv[++i];
        else if (!std::strcmp(argv[i], "--failures-only"))
            opt.failuresOnly = true;
        else if (!std::strcmp(argv[i], "--page-size") && i + 1 < argc)
            difflens::report::parsePageSize(argv[++i], opt.pageSize);
    }
    QTemporaryDir tmp;
    const QString root = dirArg.empty() ? tmp.path() : QString::fromStdString(dirArg);
    const QString base = root + QStringLiteral("/baseline"), cur = root + QStringLiteral("/current");
    QDir().mkpath(base);
    QDir().mkpath(cur);

    QElapsedTimer t;
    t.start();
    for (int i = 0; i < pairs; ++i) {
        const QString name = QStringLiteral("/screen-%1.png").arg(i, 4, 10, QLatin1Char('0'));
        const int change = i % 3 == 0 ? 0 : 1 + (i / 3) % 3; // 0 identical, 1..3: one change
        if (i % 10 != 9)
            screen(quint32(i), 0).save(base + name);
        screen(quint32(i), change).save(cur + name);
    }
    std::printf("generated %d pairs in %.1f s\n", pairs, t.elapsed() / 1000.0);

    t.restart();
    difflens::report::SessionReportInput in;
    in.session.baselineRoot = base.toStdString();
    in.session.currentRoot = cur.toStdString();
    difflens::review::ReviewConfig config;
    difflens::review::ReviewRunOptions ropt;
    const auto stats = difflens::review::runReview(in.session.baselineRoot, in.session.currentRoot, config, ropt,
                                                   [&in](const difflens::review::PairOutcome &o) {
                                                       in.session.setResult(o.summary);
                                                   });
    if (!stats.ok) {
        std::fprintf(stderr, "review failed: %s\n", stats.error.c_str());
        return 2;
    }
    std::printf("reviewed: %s in %.1f s\n", stats.counts.toText().c_str(), t.elapsed() / 1000.0);

    const std::string out = (root + QStringLiteral("/report.pdf")).toStdString();
    in.source = "difflens-report-bench";
    const auto r = difflens::report::writeSessionReport(in, opt, out);
    if (!r.ok) {
        std::fprintf(stderr, "report failed: %s\n", r.error.c_str());
        return 2;
    }
    std::printf("report: %d pairs listed, %d pair pages, %d pages, %.2f MB, %.1f s (%.0f ms per pair page), "
                "%d JPEG (quality applied: %s), %d lossless, %d links\n",
                r.pairsListed, r.pairPages, r.pages, double(r.bytes) / (1024.0 * 1024.0), r.elapsedMs / 1000.0,
                r.pairPages ? r.elapsedMs / r.pairPages : 0.0, r.jpegImages, r.jpegQualityApplied ? "yes" : "no",
                r.losslessImages, r.internalLinks);
    if (!dirArg.empty())
        std::printf("written to %s\n", out.c_str());
    return 0;
}
