// Settings round trip through QSettings and the settings dialog.
#include "appsettings.h"
#include "settingsdialog.h"

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
};

namespace {
AppSettings custom()
{
    AppSettings s;
    s.warningRatio = 0.7;
    s.criticalRatio = 0.85;
    s.tier = Tier::Medium;
    s.lowTierEdge = 2048;
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
    QCOMPARE(job.lowTierEdge, 2048);
    QCOMPARE(job.warningRatio, 0.7);
    QCOMPARE(int(job.pixelmatch.diffColor.g), 2);
}

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
