// Settings round trip through QSettings and the settings dialog; the app's memory budget
// (automatic: free memory less a margin, shown with its value; or set by the user); the
// compare toolbar's Shift, Align and Compute FLIP remembered across windows (restarts).
#include "uitestutil.h"

#include "appsettings.h"
#include "comparisonsession.h"
#include "mainwindow.h"
#include "settingsdialog.h"
#include "status/memorytext.h"
#include "widgets/comparetoolbar.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QTimer>

#include <QSpinBox>
#include <QComboBox>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>

using namespace difflens;
using namespace difflens::ui;

class TestSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultsWhenEmpty();
    void roundTrip();
    void dialogRoundTrip();
    void appliesToJobOptions();
    void storedLowTierLoadsAsMedium();
    void dialogOffersNoLowTier();
    void memoryBudget_data();
    void memoryBudget();
    void budgetUnderAddressLimit();
    void dialogShowsBudget_data();
    void dialogShowsBudget();
    void compareChoicesRoundTrip_data();
    void compareChoicesRoundTrip();
    void compareChoicesRestoredAtStart_data();
    void compareChoicesRestoredAtStart();
};

namespace {
AppSettings custom()
{
    AppSettings s;
    s.warningRatio = 0.7;
    s.criticalRatio = 0.85;
    s.tier = Tier::Medium;
    s.memoryBudgetMiB = 512;
    s.device = Device::Cpu;
    s.defaultThreshold = 0.25;
    s.defaultIncludeAA = true;
    s.diffColor = QColor(1, 2, 3);
    s.aaColor = QColor(4, 5, 6);
    s.regionColor = QColor(7, 8, 9);
    s.colormap = QStringLiteral("inferno");
    s.blinkIntervalMs = 750;
    return s;
}
} // namespace

void TestSettings::defaultsWhenEmpty()
{
    QTemporaryDir dir;
    QSettings s(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    QCOMPARE(AppSettings::load(s), AppSettings{});
}

void TestSettings::roundTrip()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("s.ini"));
    {
        QSettings s(file, QSettings::IniFormat);
        custom().save(s);
    }
    QSettings s(file, QSettings::IniFormat);
    const AppSettings loaded = AppSettings::load(s);
    QCOMPARE(loaded, custom());
    QVERIFY(loaded != AppSettings{});
}

void TestSettings::dialogRoundTrip()
{
    SettingsDialog dlg(custom());
    QCOMPARE(dlg.settings(), custom());
    dlg.setSettings(AppSettings{});
    QCOMPARE(dlg.settings(), AppSettings{});
}

void TestSettings::appliesToJobOptions()
{
    JobOptions job;
    custom().applyTo(job);
    QCOMPARE(job.tier, Tier::Medium);
    QCOMPARE(job.device, Device::Cpu);
    QCOMPARE(job.memoryBudget, int64_t(512) << 20);
    QCOMPARE(job.warningRatio, 0.7);
    QCOMPARE(int(job.pixelmatch.diffColor.g), 2);
}

void TestSettings::storedLowTierLoadsAsMedium()
{
    // Settings of an older version: the Low (reduced-resolution) analysis tier and its edge.
    // Analysis is always exact now: Low loads as Medium and the edge is dropped on save.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("s.ini"));
    {
        QSettings s(file, QSettings::IniFormat);
        s.setValue(QStringLiteral("settings/engine/tier"), int(Tier::Low));
        s.setValue(QStringLiteral("settings/engine/lowTierEdge"), 2048);
    }
    QSettings s(file, QSettings::IniFormat);
    const AppSettings loaded = AppSettings::load(s);
    QCOMPARE(loaded.tier, Tier::Medium);
    JobOptions job;
    loaded.applyTo(job);
    QCOMPARE(job.tier, Tier::Medium);
    loaded.save(s);
    s.sync();
    QVERIFY(!s.contains(QStringLiteral("settings/engine/lowTierEdge")));
}

void TestSettings::dialogOffersNoLowTier()
{
    SettingsDialog dlg(AppSettings{});
    const QList<QComboBox *> boxes = dlg.findChildren<QComboBox *>();
    QVERIFY(!boxes.isEmpty());
    bool sawTiers = false;
    for (const QComboBox *box : boxes) {
        if (box->findText(QStringLiteral("Medium")) < 0)
            continue;
        sawTiers = true;
        QCOMPARE(box->findText(QStringLiteral("Low")), -1);
    }
    QVERIFY(sawTiers);
}

namespace {
constexpr qint64 MiB = qint64(1) << 20;
constexpr qint64 GiB = qint64(1) << 30;

MemorySample cpuSample(qint64 used, qint64 total, qint64 process)
{
    MemorySample s;
    s.device = "cpu";
    s.usedBytes = used;
    s.totalBytes = total;
    s.processBytes = process;
    s.ratio = total > 0 && used >= 0 ? double(used) / double(total) : -1;
    return s;
}
} // namespace

void TestSettings::memoryBudget_data()
{
    QTest::addColumn<int>("budgetMiB");
    QTest::addColumn<qint64>("used");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<qint64>("process");
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<qint64>("margin");
    // Automatic: (free + what the process holds) less max(256 MiB, 5 % of the total).
    QTest::newRow("16 GiB machine, 6 GiB used, app 1 GiB")
        << 0 << 6 * GiB << 16 * GiB << 1 * GiB << (11 * GiB - qint64(0.05 * double(16 * GiB))) << qint64(0.05 * double(16 * GiB));
    QTest::newRow("4 GiB machine: 256 MiB margin") << 0 << 2 * GiB << 4 * GiB << qint64(0) << (2 * GiB - 256 * MiB) << 256 * MiB;
    QTest::newRow("process size unknown") << 0 << 2 * GiB << 4 * GiB << qint64(-1) << (2 * GiB - 256 * MiB) << 256 * MiB;
    QTest::newRow("memory unreadable") << 0 << qint64(-1) << qint64(-1) << qint64(-1) << qint64(0) << qint64(0);
    QTest::newRow("set by the user") << 512 << 6 * GiB << 16 * GiB << 1 * GiB << 512 * MiB << qint64(0);
    QTest::newRow("set, memory unreadable") << 2048 << qint64(-1) << qint64(-1) << qint64(-1) << 2 * GiB << qint64(0);
}

void TestSettings::memoryBudget()
{
    QFETCH(int, budgetMiB);
    QFETCH(qint64, used);
    QFETCH(qint64, total);
    QFETCH(qint64, process);
    QFETCH(qint64, bytes);
    QFETCH(qint64, margin);
    const MemorySample cpu = cpuSample(used, total, process);
    const MemoryBudget b = appMemoryBudget(qint64(budgetMiB) * MiB, cpu);
    QCOMPARE(b.automatic, budgetMiB == 0);
    QCOMPARE(b.bytes, bytes);
    QCOMPARE(b.marginBytes, margin);
    AppSettings s;
    s.memoryBudgetMiB = budgetMiB;
    QCOMPARE(effectiveMemoryBudgetBytes(s, cpu), bytes);
}

// Under an address-space limit (ulimit -v) the automatic budget is the limit when that is
// smaller than free memory less the margin: the status bar and Settings show what binds.
// A budget set by the user stays as set.
void TestSettings::budgetUnderAddressLimit()
{
#if defined(__SANITIZE_ADDRESS__) || (defined(__has_feature) && __has_feature(address_sanitizer))
    QSKIP("AddressSanitizer reserves terabytes of address space; RLIMIT_AS cannot be used");
#endif
    struct rlimit old {};
    QCOMPARE(::getrlimit(RLIMIT_AS, &old), 0);
    if (old.rlim_cur != RLIM_INFINITY)
        QSKIP("this process already runs under an address-space limit");
    const qint64 limit = qint64(64) << 30; // above what this test maps, below the sample's free memory
    struct rlimit lim {
        rlim_t(limit), old.rlim_max
    };
    const MemorySample cpu = cpuSample(qint64(28) << 30, qint64(128) << 30, qint64(100) << 20); // 100 GiB free
    QCOMPARE(::setrlimit(RLIMIT_AS, &lim), 0);
    const MemoryBudget automatic = appMemoryBudget(0, cpu), set = appMemoryBudget(qint64(6) << 30, cpu);
    QCOMPARE(::setrlimit(RLIMIT_AS, &old), 0);
    QCOMPARE(automatic.bytes, limit);
    QVERIFY(automatic.automatic && automatic.addressLimited);
    QCOMPARE(describeMemoryBudget(automatic), QStringLiteral("automatic: 64.0 GiB (the address-space limit, ulimit -v)"));
    QCOMPARE(set.bytes, qint64(6) << 30);
    QVERIFY(!set.addressLimited);
    const MemoryBudget unlimited = appMemoryBudget(0, cpu);
    QVERIFY(!unlimited.addressLimited);
    QVERIFY(unlimited.bytes > limit);
}

void TestSettings::dialogShowsBudget_data()
{
    QTest::addColumn<int>("budgetMiB");
    QTest::addColumn<QString>("text");
    QTest::newRow("automatic, with its value") << 0 << QStringLiteral("Budget: automatic: 9.5 GiB (free memory less 819 MiB)");
    QTest::newRow("set by the user") << 6144 << QStringLiteral("Budget: 6.0 GiB (set in Settings → Memory)");
}

void TestSettings::dialogShowsBudget()
{
    QFETCH(int, budgetMiB);
    QFETCH(QString, text);
    AppSettings settings;
    settings.memoryBudgetMiB = budgetMiB;
    SettingsDialog dlg(settings);
    // 16 GiB machine with 5.9 GiB in use, 0.2 GiB of it this app: 10.3 GiB free for the app,
    // less 5 % of 16 GiB.
    dlg.setMemorySample(cpuSample(qint64(5.9 * double(GiB)), 16 * GiB, qint64(0.2 * double(GiB))));
    QCOMPARE(dlg.budgetText(), text);
    // Editing the budget updates the text at once; 0 is automatic again.
    const QList<QSpinBox *> boxes = dlg.findChildren<QSpinBox *>();
    QSpinBox *budget = nullptr;
    for (QSpinBox *b : boxes)
        if (b->suffix() == QStringLiteral(" MiB"))
            budget = b;
    QVERIFY(budget);
    budget->setValue(budgetMiB == 0 ? 1024 : 0);
    QCOMPARE(dlg.budgetText().contains(QStringLiteral("automatic")), budgetMiB != 0);
    QCOMPARE(dlg.settings().memoryBudgetMiB, budgetMiB == 0 ? 1024 : 0);
}

void TestSettings::compareChoicesRoundTrip_data()
{
    QTest::addColumn<QVariant>("storedShift");
    QTest::addColumn<bool>("align");
    QTest::addColumn<bool>("flip");
    QTest::addColumn<int>("shift");
    QTest::newRow("all on") << QVariant(3) << true << true << 3;
    QTest::newRow("largest shift") << QVariant(8) << false << true << 8;
    QTest::newRow("shift too large is clamped") << QVariant(12) << true << false << 8;
    QTest::newRow("negative shift is clamped") << QVariant(-2) << false << false << 0;
    QTest::newRow("not a number") << QVariant(QStringLiteral("x")) << false << true << 0;
}

void TestSettings::compareChoicesRoundTrip()
{
    QFETCH(QVariant, storedShift);
    QFETCH(bool, align);
    QFETCH(bool, flip);
    QFETCH(int, shift);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("s.ini"));
    {
        QSettings s(file, QSettings::IniFormat);
        AppSettings a;
        a.align = align;
        a.computeFlip = flip;
        a.save(s);
        s.setValue(QStringLiteral("settings/compare/shift"), storedShift); // as a user or older file may have it
    }
    QSettings s(file, QSettings::IniFormat);
    const AppSettings loaded = AppSettings::load(s);
    QCOMPARE(loaded.shift, shift);
    QCOMPARE(loaded.align, align);
    QCOMPARE(loaded.computeFlip, flip);
    AppSettings expected;
    expected.shift = shift;
    expected.align = align;
    expected.computeFlip = flip;
    QCOMPARE(loaded, expected);
    QCOMPARE(loaded == AppSettings{}, shift == 0 && !align && !flip);
}

void TestSettings::compareChoicesRestoredAtStart_data()
{
    QTest::addColumn<int>("shift");
    QTest::addColumn<bool>("align");
    QTest::addColumn<bool>("flip");
    QTest::newRow("shift 2, align") << 2 << true << false;
    QTest::newRow("shift 8, FLIP") << 8 << false << true;
    QTest::newRow("all three") << 5 << true << true;
}

void TestSettings::compareChoicesRestoredAtStart()
{
    QFETCH(int, shift);
    QFETCH(bool, align);
    QFETCH(bool, flip);
    // The windows' QSettings() go to a temporary folder.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("DiffLensTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_ui_settings"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    QVERIFY(QSettings().fileName().startsWith(dir.path()));
    {
        MainWindow first(uitest::steadyMonitor());
        CompareToolBar *bar = first.compareToolBar();
        QCOMPARE(bar->shiftBox()->value(), 0);
        QVERIFY(!bar->alignAction()->isChecked());
        QVERIFY(!bar->flipAction()->isChecked());
        bar->shiftBox()->setValue(shift); // as if typed and clicked
        bar->alignAction()->setChecked(align);
        bar->flipAction()->setChecked(flip);
        QCOMPARE(first.session()->shift(), shift);
        QCOMPARE(first.session()->align(), align);
        QCOMPARE(first.session()->computeFlip(), flip);
        QCOMPARE(first.settings().shift, shift);
    }
    {
        QSettings stored;
        const AppSettings loaded = AppSettings::load(stored);
        QCOMPARE(loaded.shift, shift);
        QCOMPARE(loaded.align, align);
        QCOMPARE(loaded.computeFlip, flip);
    }
    MainWindow second(uitest::steadyMonitor()); // the next start
    CompareToolBar *bar = second.compareToolBar();
    QCOMPARE(bar->shiftBox()->value(), shift);
    QCOMPARE(bar->alignAction()->isChecked(), align);
    QCOMPARE(bar->flipAction()->isChecked(), flip);
    QCOMPARE(second.session()->shift(), shift);
    QCOMPARE(second.session()->align(), align);
    QCOMPARE(second.session()->computeFlip(), flip);
    // Settings → OK keeps them (the dialog does not show them).
    QTimer::singleShot(0, &second, [] {
        if (auto *dlg = qobject_cast<QDialog *>(QApplication::activeModalWidget()))
            dlg->accept();
    });
    second.editSettings();
    QCOMPARE(second.settings().shift, shift);
    QCOMPARE(second.settings().align, align);
    QCOMPARE(second.settings().computeFlip, flip);
    QSettings stored;
    QCOMPARE(AppSettings::load(stored).shift, shift);
}

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
