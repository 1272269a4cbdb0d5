#pragma once
// Helpers shared by the UI tests: synthetic images, temporary PNG pairs, fake memory source.
#include "imagebridge.h"
#include "imagecanvas.h"
#include "viewdata.h"
#include "zoommodel.h"

#include "difflens/engine/monitor.h"

#include <QColor>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QRandomGenerator>
#include <QString>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>

namespace uitest {

inline QImage solid(int w, int h, const QColor &c)
{
    QImage img(w, h, QImage::Format_RGBA8888);
    img.fill(c);
    return img;
}

// The comparison a ViewData built by hand shows: compared (stage 2), with its layers still
// to come unless `finished`.
inline difflens::ComparisonPtr comparedSnapshot(bool finished = true)
{
    auto c = std::make_shared<difflens::Comparison>();
    c->stage = difflens::ComparisonStage::Exact;
    c->result = std::make_shared<const difflens::CompareResult>();
    c->finished = finished;
    return c;
}

// Wraps a QImage as an engine image and back (so views see the same formats as in the app).
inline difflens::ui::ViewImage viewImage(const QImage &img)
{
    return difflens::ui::ViewImage(
        difflens::ui::wrapImage(std::make_shared<const difflens::Image>(difflens::ui::imageFromQImage(img))));
}

inline bool near(const QColor &a, const QColor &b, int tol = 12)
{
    return std::abs(a.red() - b.red()) <= tol && std::abs(a.green() - b.green()) <= tol &&
           std::abs(a.blue() - b.blue()) <= tol;
}

// A pair with two rectangles of different colours in B: a strong change and a faint one.
inline void writePair(const QString &pathA, const QString &pathB, int w = 200, int h = 150)
{
    QImage a = solid(w, h, QColor(240, 240, 240));
    QImage b = a.copy();
    QPainter p(&b);
    p.fillRect(QRect(20, 20, 30, 20), QColor(20, 20, 200));      // strong
    p.fillRect(QRect(120, 90, 40, 30), QColor(225, 225, 225));   // faint
    p.end();
    a.save(pathA);
    b.save(pathB);
}

// Random 4x4 blocks (fixed seed): structure for the phase correlation everywhere. Red and
// blue stay below maxRedBlue (so a test can paint a colour no block has).
inline QImage texture(int w, int h, quint32 seed = 1234, int maxRedBlue = 256)
{
    QRandomGenerator rng(seed);
    QImage img(w, h, QImage::Format_RGBA8888);
    for (int by = 0; by < h; by += 4)
        for (int bx = 0; bx < w; bx += 4) {
            const QColor c(int(rng.bounded(maxRedBlue)), int(rng.bounded(256)), int(rng.bounded(maxRedBlue)));
            for (int y = by; y < std::min(h, by + 4); ++y)
                for (int x = bx; x < std::min(w, bx + 4); ++x)
                    img.setPixelColor(x, y, c);
        }
    return img;
}

// B(x, y) = A(x + dx, y + dy) where that is inside A, grey elsewhere (the --align convention).
inline QImage shifted(const QImage &a, int dx, int dy)
{
    QImage b = solid(a.width(), a.height(), QColor(128, 128, 128));
    for (int y = 0; y < b.height(); ++y)
        for (int x = 0; x < b.width(); ++x)
            if (a.rect().contains(x + dx, y + dy))
                b.setPixelColor(x, y, a.pixelColor(x + dx, y + dy));
    return b;
}

// The colour a canvas shows at the centre of frame pixel `frame`.
inline QColor shownAt(difflens::ui::ImageCanvas *canvas, const QPoint &frame)
{
    const QImage shot = canvas->grab().toImage();
    const QPointF at = canvas->zoomModel()->imageToWidget(QPointF(frame) + QPointF(0.5, 0.5));
    return shot.pixelColor(int(std::floor(at.x())), int(std::floor(at.y())));
}

// Spins the event loop until `done` holds or `ms` pass.
template <typename F> bool waitFor(F done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms)
        QTest::qWait(20);
    return done();
}

class FakeMemorySource : public difflens::MemorySource {
public:
    // Cycles from 50 % to 99 % of its 1000 MiB, 7 points a read, or stays at `steadyPercent`.
    explicit FakeMemorySource(std::shared_ptr<std::atomic<int>> reads, int steadyPercent = -1)
        : m_reads(std::move(reads)), m_steady(steadyPercent)
    {
    }
    std::string deviceName() const override { return "fake:0 (Test GPU)"; }
    bool isCuda() const override { return true; }
    bool read(int64_t &used, int64_t &total, int64_t &process) override
    {
        const int n = m_reads->fetch_add(1);
        total = int64_t(1000) << 20;
        used = total * (m_steady >= 0 ? m_steady : 50 + (n * 7) % 50) / 100;
        process = used / 2;
        return true;
    }

private:
    std::shared_ptr<std::atomic<int>> m_reads;
    int m_steady;
};

// A monitor whose readings cross the warning and critical thresholds as it samples: for tests
// of the sampling, the graph and the tiers.
inline std::unique_ptr<difflens::MemoryMonitor> fakeMonitor(std::shared_ptr<std::atomic<int>> reads = nullptr)
{
    if (!reads)
        reads = std::make_shared<std::atomic<int>>(0);
    return std::make_unique<difflens::MemoryMonitor>(std::make_unique<FakeMemorySource>(reads));
}

// A monitor that stays at 30 % (Normal): the display quality stays High however long a test
// runs, so what the views draw does not depend on the machine's speed (with fakeMonitor, a
// slow run reached Warning, whose 1:1 zoom cap then failed tst_align_views' 8x zoom).
inline std::unique_ptr<difflens::MemoryMonitor> steadyMonitor()
{
    return std::make_unique<difflens::MemoryMonitor>(
        std::make_unique<FakeMemorySource>(std::make_shared<std::atomic<int>>(0), 30));
}

} // namespace uitest
