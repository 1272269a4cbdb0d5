// Settings round trip through QSettings and the settings dialog.
#include "appsettings.h"
#include "settingsdialog.h"

#include <QComboBox>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

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

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
