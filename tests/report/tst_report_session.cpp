// Session reports: a folder review saved as a session (with a decision and a note) becomes a
// PDF with the table of every pair and one page per pair (or per failing pair).
#include "report_test_util.h"

#include "difflens/report/report.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace difflens;
using namespace reporttest;

class TestReportSession : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_sessionPath;

    static void save(const QString &path, const QColor &fill, const QRect &box = {}, const QColor &boxColor = {})
    {
        QVERIFY(savePng(path, filled(320, 200, fill, box, boxColor)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!havePoppler())
            QSKIP("poppler-utils not installed");
        QVERIFY(m_dir.isValid());
        const QString base = m_dir.filePath(QStringLiteral("baseline")), cur = m_dir.filePath(QStringLiteral("current"));
        save(base + QStringLiteral("/same.png"), QColor(240, 240, 240));
        save(cur + QStringLiteral("/same.png"), QColor(240, 240, 240));
        save(base + QStringLiteral("/ui/diff.png"), QColor(240, 240, 240));
        save(cur + QStringLiteral("/ui/diff.png"), QColor(240, 240, 240), QRect(100, 60, 40, 30), QColor(20, 20, 20));
        save(cur + QStringLiteral("/new.png"), QColor(30, 120, 200));
        save(base + QStringLiteral("/gone.png"), QColor(200, 120, 30));

        m_sessionPath = m_dir.filePath(QStringLiteral("session.json"));
        std::string error;
        QVERIFY2(saveFlaggedSession(base, cur, "ui/diff.png", "Dark box added over the panel", m_sessionPath, error),
                 error.c_str());
        report::SessionReportInput in;
        QVERIFY2(report::loadSessionInput(m_sessionPath.toStdString(), in, error), error.c_str());
        QCOMPARE(int(in.session.entries.size()), 4);
    }

    void everyPair_data()
    {
        QTest::addColumn<bool>("failuresOnly");
        QTest::addColumn<int>("pages");
        QTest::newRow("all") << false << 1 + 4;
        QTest::newRow("failures only") << true << 1 + 3;
    }

    void everyPair()
    {
        QFETCH(bool, failuresOnly);
        QFETCH(int, pages);
        report::SessionReportInput in;
        std::string error;
        QVERIFY2(report::loadSessionInput(m_sessionPath.toStdString(), in, error), error.c_str());
        report::ReportOptions opt;
        opt.failuresOnly = failuresOnly;
        int progressCalls = 0;
        opt.progress = [&progressCalls](int, int, const std::string &) { ++progressCalls; };
        const QString pdf = m_dir.filePath(failuresOnly ? QStringLiteral("fail.pdf") : QStringLiteral("all.pdf"));
        const report::ReportResult res = report::writeSessionReport(in, opt, pdf.toStdString());
        QVERIFY2(res.ok, res.error.c_str());
        QCOMPARE(res.pages, pages);
        QCOMPARE(pdfPages(pdf), pages);
        QCOMPARE(res.pairsListed, 4);
        QCOMPARE(res.pairPages, pages - 1);
        QCOMPARE(progressCalls, pages - 1);
        QCOMPARE(res.internalLinks, 2 * (pages - 1));

        const QString text = pdfText(pdf);
        for (const char *name : {"same.png", "ui/diff.png", "new.png", "removed", "identical", "different"})
            QVERIFY2(text.contains(QLatin1String(name)), name);
        QVERIFY(text.contains(QLatin1String("flagged")));
        QVERIFY(text.contains(QLatin1String("Dark box added over the panel")));
        QVERIFY(text.contains(QLatin1String("Not in the baseline.")));
        QVERIFY(text.contains(QLatin1String("x 100, y 60")));
        QVERIFY(text.contains(QStringLiteral("Page %1 of %1").arg(pages)));
    }

    void notASession()
    {
        const QString bad = m_dir.filePath(QStringLiteral("bad.json"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"format\": \"something-else\"}");
        f.close();
        report::SessionReportInput in;
        std::string error;
        QVERIFY(!report::loadSessionInput(bad.toStdString(), in, error));
        QVERIFY2(QString::fromStdString(error).startsWith(bad), error.c_str());
    }
};

QTEST_MAIN(TestReportSession)
#include "tst_report_session.moc"
