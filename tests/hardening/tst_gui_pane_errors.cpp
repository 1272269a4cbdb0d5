// The desktop app's pane error for each bad input of tests/data/bad: the comparison session
// (what the panes display) reports the decoder's reason for the bad side, keeps the good
// side, and does not crash.
#include "comparisonsession.h"

#include <QSignalSpy>
#include <QtTest>

using namespace difflens::ui;

class TestGuiPaneErrors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void badSide_data();
    void badSide();
};

void TestGuiPaneErrors::badSide_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("reason");
    QTest::newRow("truncated png") << "truncated.png" << "truncated or corrupt PNG data";
    QTest::newRow("truncated jpeg") << "truncated.jpg" << "truncated or corrupt JPEG data";
    QTest::newRow("empty") << "empty.png" << "file is empty";
    QTest::newRow("random bytes") << "random.png" << "not a supported image (unknown format)";
    QTest::newRow("bomb") << "bomb-100000x100000.png"
                          << "image is 100000x100000 (10000000000 pixels), over the limit of 4294967296 pixels";
    QTest::newRow("animated gif") << "animated.gif" << "animated GIF is not supported";
}

void TestGuiPaneErrors::badSide()
{
    QFETCH(QString, file);
    QFETCH(QString, reason);
    const QString dir = QStringLiteral(DIFFLENS_TEST_DATA_DIR "/bad/");
    ComparisonSession s;
    QSignalSpy results(&s, &ComparisonSession::resultChanged);
    s.openPair(dir + QStringLiteral("1x1.png"), dir + file);
    QVERIFY(results.wait(20000));
    QVERIFY(s.data());
    QVERIFY(s.data()->errorA.isEmpty());
    QCOMPARE(s.data()->errorB, reason);
    QVERIFY(!s.data()->a.isNull());
    QVERIFY(s.data()->b.isNull());
    QVERIFY(!s.data()->compared());
    s.shutdown();
}

QTEST_MAIN(TestGuiPaneErrors)
#include "tst_gui_pane_errors.moc"
