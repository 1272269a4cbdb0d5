// Ignore-region sidecar files: round trip, lookup order, validation.
#include "difflens/compare/sidecar.h"

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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
        s.ignore.push_back({Rect{1, 2, 30, 40}, "clock", {}});
        s.ignore.push_back({Rect{0, 0, 5, 5}, "", {}});
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

    // What this version does not know survives a load and save: unknown fields at the top
    // level and in each region, the notes, and the order of the regions.
    void rewriteKeepsUnknownFieldsAndNotes()
    {
        const QByteArray json = R"({"format":"difflens-sidecar","version":1,"owner":"qa-team",
            "tags":["nightly",{"k":1}],
            "ignore":[{"x":9,"y":9,"width":1,"height":1,"note":"last","color":"#ff0000"},
                      {"x":1,"y":2,"width":3,"height":4,"note":"clock","meta":{"author":"ana","ticket":42}},
                      {"x":5,"y":6,"width":7,"height":8,"note":17}]})";
        Sidecar s;
        std::string error;
        QVERIFY2(parseSidecar(json, s, error), error.c_str());
        QCOMPARE(s.ignore.size(), size_t(3));
        s.ignore.push_back({Rect{20, 20, 5, 5}, "added", {}}); // what the app does when a region is drawn
        const QByteArray written = serializeSidecar(s);
        Sidecar again;
        QVERIFY2(parseSidecar(written, again, error), error.c_str());
        QCOMPARE(again.ignore.size(), size_t(4));
        QCOMPARE(again.ignore[0].rect, (Rect{9, 9, 1, 1}));
        QCOMPARE(again.ignore[1].rect, (Rect{1, 2, 3, 4}));
        QCOMPARE(again.ignore[2].rect, (Rect{5, 6, 7, 8}));
        QCOMPARE(again.ignore[3].rect, (Rect{20, 20, 5, 5}));
        QCOMPARE(QString::fromStdString(again.ignore[0].note), QStringLiteral("last"));
        QCOMPARE(QString::fromStdString(again.ignore[1].note), QStringLiteral("clock"));
        QCOMPARE(QString::fromStdString(again.ignore[3].note), QStringLiteral("added"));
        const QJsonObject root = QJsonDocument::fromJson(written).object();
        QCOMPARE(root.value("owner").toString(), QStringLiteral("qa-team"));
        QCOMPARE(root.value("tags").toArray().size(), 2);
        QCOMPARE(root.value("tags").toArray().at(1).toObject().value("k").toInt(), 1);
        const QJsonArray regions = root.value("ignore").toArray();
        QCOMPARE(regions.at(0).toObject().value("color").toString(), QStringLiteral("#ff0000"));
        QCOMPARE(regions.at(1).toObject().value("meta").toObject().value("author").toString(), QStringLiteral("ana"));
        QCOMPARE(regions.at(1).toObject().value("meta").toObject().value("ticket").toInt(), 42);
        QCOMPARE(regions.at(2).toObject().value("note").toInt(), 17); // a non-text note is kept as it was
        QVERIFY(!regions.at(3).toObject().contains("meta"));
        // Writing the result again changes nothing.
        QCOMPARE(serializeSidecar(again), written);
    }

    void replacementPath()
    {
        QCOMPARE(replacementSidecarPath("/x/b.png.difflens.json"), std::string("/x/b.png.difflens.new.json"));
        QCOMPARE(replacementSidecarPath("/x/custom"), std::string("/x/custom.new.json"));
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
