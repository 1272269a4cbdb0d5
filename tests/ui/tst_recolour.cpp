// Colour settings recolour the open comparison (ComparisonSession::setSettings): the SSIM
// map's and the mask's colour tables change in place (same pixels), no comparison job is
// started; a setting that changes the analysis (the memory budget) still recompares. The
// heatmap peak's one type is checked at compile time. Layers built while the colours
// changed arrive in the new colours.
#include "uitestutil.h"

#include "colormap.h"
#include "comparecontroller.h"
#include "comparisonsession.h"
#include "viewdata.h"

#include <QtTest>

#include <cstring>
#include <type_traits>

using namespace difflens;
using namespace difflens::ui;

// The heatmap's peak has one type on its way from the layers to the view (the store's too).
static_assert(std::is_same_v<decltype(Comparison::heatPeak), decltype(std::declval<ViewData>().heatPeak())> &&
              std::is_same_v<decltype(Comparison::heatPeak), decltype(std::declval<LayerStore>().heatPeak())>);

namespace {
// The same one-byte pixels (whatever the colour tables).
bool sameIndices(const QImage &a, const QImage &b)
{
    if (a.size() != b.size() || a.format() != QImage::Format_Indexed8 || b.format() != QImage::Format_Indexed8)
        return false;
    for (int y = 0; y < a.height(); ++y)
        if (std::memcmp(a.constScanLine(y), b.constScanLine(y), size_t(a.width())) != 0)
            return false;
    return true;
}
// A session on the CPU with SSIM on, opened on a pair, with spies on its results, its layers
// and its comparison jobs.
struct Watched {
    ComparisonSession session;
    QSignalSpy results{&session, &ComparisonSession::resultChanged};
    QSignalSpy layers{&session, &ComparisonSession::layersChanged};
    QSignalSpy started{session.controller(), &CompareController::started};
    Watched(const AppSettings &settings, const QString &a, const QString &b)
    {
        session.setSettings(settings);
        session.setComputeSsim(true);
        session.openPair(a, b);
    }
};

AppSettings cpuSettings()
{
    AppSettings settings;
    settings.device = Device::Cpu;
    return settings;
}
} // namespace

class TestRecolour : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void settingChange_data();
    void settingChange();
    void colourChangeBeforeLayersArrive();

private:
    QTemporaryDir m_dir;
    QString m_a, m_b;
};

void TestRecolour::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_a = m_dir.filePath(QStringLiteral("a.png"));
    m_b = m_dir.filePath(QStringLiteral("b.png"));
    uitest::writePair(m_a, m_b);
}

void TestRecolour::settingChange_data()
{
    QTest::addColumn<QString>("colormap");
    QTest::addColumn<QColor>("diffColor");
    QTest::addColumn<QColor>("aaColor");
    QTest::addColumn<int>("budgetMiB");
    QTest::addColumn<bool>("recompares");
    const QColor red(255, 0, 0), yellow(255, 255, 0);
    QTest::newRow("colormap inferno") << QStringLiteral("inferno") << red << yellow << 0 << false;
    QTest::newRow("colormap grayscale") << QStringLiteral("grayscale") << red << yellow << 0 << false;
    QTest::newRow("diff colour") << QStringLiteral("viridis") << QColor(0, 200, 0) << yellow << 0 << false;
    QTest::newRow("aa colour") << QStringLiteral("viridis") << red << QColor(0, 0, 255) << 0 << false;
    QTest::newRow("memory budget") << QStringLiteral("viridis") << red << yellow << 4096 << true;
}

void TestRecolour::settingChange()
{
    QFETCH(QString, colormap);
    QFETCH(QColor, diffColor);
    QFETCH(QColor, aaColor);
    QFETCH(int, budgetMiB);
    QFETCH(bool, recompares);
    AppSettings settings = cpuSettings();
    Watched w(settings, m_a, m_b);
    ComparisonSession &s = w.session;
    QSignalSpy &results = w.results, &layers = w.layers, &started = w.started;
    QVERIFY(results.wait(10000));
    QVERIFY(layers.count() > 0 || layers.wait(20000));
    QVERIFY(s.comparison()->finished);
    QVERIFY(!s.data()->ssim.isNull());
    QVERIFY(!s.data()->mask.isNull());
    QCOMPARE(s.data()->ssim.colorTable(), colormapTable(settings.colormap));
    const ComparisonPtr before = s.comparison();
    const QImage ssimBefore = s.data()->ssim.full();
    const QImage maskBefore = s.data()->mask.full();
    started.clear();
    results.clear();
    layers.clear();

    settings.colormap = colormap;
    settings.diffColor = diffColor;
    settings.aaColor = aaColor;
    settings.memoryBudgetMiB = budgetMiB;
    s.setSettings(settings);
    if (recompares) {
        QVERIFY(results.wait(10000));
        QCOMPARE(started.count(), 1);
        QVERIFY(s.comparison() != before);
        return;
    }
    // Recoloured at once, in place: same result, same pixels, new tables.
    QCOMPARE(layers.count(), 1);
    QCOMPARE(s.comparison(), before);
    QCOMPARE(s.data()->ssim.colorTable(), colormapTable(colormap));
    QCOMPARE(s.data()->mask.colorTable(), maskTable(diffColor, aaColor));
    QVERIFY(sameIndices(s.data()->ssim.full(), ssimBefore));
    QVERIFY(sameIndices(s.data()->mask.full(), maskBefore));
    double scale = 0; // the coarsest level drawn (the full image here: no preview levels)
    QCOMPARE(s.data()->ssim.levelFor(0.0, &scale).colorTable(), colormapTable(colormap));
    // Nothing is scheduled either: past the debounce interval, still no comparison job.
    QTest::qWait(3 * ComparisonSession::kDebounceMs);
    QCOMPARE(started.count(), 0);
    QCOMPARE(results.count(), 0);
    QCOMPARE(s.comparison(), before);
}

void TestRecolour::colourChangeBeforeLayersArrive()
{
    const QString a = m_dir.filePath(QStringLiteral("big-a.png")), b = m_dir.filePath(QStringLiteral("big-b.png"));
    uitest::writePair(a, b, 1600, 1200); // SSIM over 1.9 MP: the layers come well after the result
    AppSettings settings = cpuSettings();
    Watched w(settings, a, b);
    ComparisonSession &s = w.session;
    QSignalSpy &results = w.results, &layers = w.layers, &started = w.started;
    QVERIFY(results.wait(20000));
    if (s.comparison()->finished)
        QSKIP("the layers were in before the colour change (nothing to test on this run)");
    // The comparison was asked for viridis and red/yellow; the colours change meanwhile.
    settings.colormap = QStringLiteral("turbo");
    settings.diffColor = QColor(0, 160, 255);
    s.setSettings(settings);
    layers.clear();
    QVERIFY(layers.wait(30000));
    QVERIFY(s.comparison()->finished);
    QCOMPARE(s.data()->ssim.colorTable(), colormapTable(settings.colormap));
    QCOMPARE(s.data()->mask.colorTable(), maskTable(settings.diffColor, settings.aaColor));
    QCOMPARE(started.count(), 1); // the first comparison only
    QCOMPARE(results.count(), 1);
}

QTEST_MAIN(TestRecolour)
#include "tst_recolour.moc"
