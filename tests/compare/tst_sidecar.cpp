// Ignore-region sidecar files: round trip, lookup order, validation.
#include "difflens/compare/sidecar.h"

#include <QByteArray>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace difflens;

class TestSidecar : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        Sidecar s;
        s.ignore.push_back({Rect{1, 2, 30, 40}, "clock"});
        s.ignore.push_back({Rect{0, 0, 5, 5}, ""});
        const std::string path = sidecarPathFor(dir.filePath("b.png").toStdString());
        QVERIFY(QString::fromStdString(path).endsWith("b.png.difflens.json"));
        std::string error;
        QVERIFY2(saveSidecar(path, s, error), error.c_str());
        Sidecar loaded;
        QVERIFY2(loadSidecar(path, loaded, error), error.c_str());
        QCOMPARE(loaded.ignore.size(), size_t(2));
        QCOMPARE(loaded.ignore[0].rect, (Rect{1, 2, 30, 40}));
        QCOMPARE(QString::fromStdString(loaded.ignore[0].note), QStringLiteral("clock"));
        QCOMPARE(loaded.ignoreRects().size(), size_t(2));
        QCOMPARE(loaded.ignoreRects()[1], (Rect{0, 0, 5, 5}));
    }

    void lookupOrder()
    {
        QTemporaryDir dir;
        const std::string a = dir.filePath("a.png").toStdString();
        const std::string b = dir.filePath("b.png").toStdString();
        QCOMPARE(findSidecar(a, b), std::string());
        std::string error;
        QVERIFY(saveSidecar(sidecarPathFor(a), Sidecar{}, error));
        QCOMPARE(findSidecar(a, b), sidecarPathFor(a));
        QVERIFY(saveSidecar(sidecarPathFor(b), Sidecar{}, error));
        QCOMPARE(findSidecar(a, b), sidecarPathFor(b)); // B's wins
    }

    void minimalDocument()
    {
        Sidecar s;
        std::string error;
        QVERIFY2(parseSidecar(R"({"ignore":[{"x":3,"y":4,"width":5,"height":6}]})", s, error), error.c_str());
        QCOMPARE(s.ignore.size(), size_t(1));
        QCOMPARE(s.ignore[0].rect, (Rect{3, 4, 5, 6}));
        QVERIFY(parseSidecar("{}", s, error));
        QVERIFY(s.ignore.empty());
    }

    void invalid_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("reasonPart");
        QTest::newRow("not json") << QByteArray("{ignore") << "invalid JSON";
        QTest::newRow("array root") << QByteArray("[]") << "object";
        QTest::newRow("other format") << QByteArray(R"({"format":"x"})") << "not a DiffLens sidecar";
        QTest::newRow("newer version") << QByteArray(R"({"version":99})") << "version 99";
        QTest::newRow("ignore not array") << QByteArray(R"({"ignore":{}})") << "must be an array";
        QTest::newRow("negative x") << QByteArray(R"({"ignore":[{"x":-1,"y":0,"width":1,"height":1}]})") << "\"x\"";
        QTest::newRow("zero width") << QByteArray(R"({"ignore":[{"x":0,"y":0,"width":0,"height":1}]})") << "\"width\"";
        QTest::newRow("fraction") << QByteArray(R"({"ignore":[{"x":0.5,"y":0,"width":1,"height":1}]})") << "\"x\"";
        QTest::newRow("missing height") << QByteArray(R"({"ignore":[{"x":0,"y":0,"width":1}]})") << "\"height\"";
    }
    void invalid()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, reasonPart);
        Sidecar s;
        std::string error;
        QVERIFY(!parseSidecar(json, s, error));
        QVERIFY2(QString::fromStdString(error).contains(reasonPart), error.c_str());
        QVERIFY(error.find('\n') == std::string::npos);
    }

    void unreadableFile()
    {
        Sidecar s;
        std::string error;
        QVERIFY(!loadSidecar("/nonexistent/dir/x.difflens.json", s, error));
        QVERIFY(!error.empty());
    }
};

QTEST_GUILESS_MAIN(TestSidecar)
#include "tst_sidecar.moc"
