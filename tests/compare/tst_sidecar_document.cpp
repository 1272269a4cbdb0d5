// SidecarDocument: the pair's sidecar as the app edits it: lookup, a broken file never
// overwritten, the replacement beside it, notes and unknown fields kept, coordinates as given.
#include "difflens/compare/sidecar_document.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace difflens;

Q_DECLARE_METATYPE(difflens::Rect)

namespace {
void writeText(const QString &path, const QByteArray &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
}
QByteArray readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestSidecarDocument : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Where a document opened on the pair saves: the existing sidecar (B's before A's),
    // else B's name, else A's; nothing without paths.
    void savePath_data()
    {
        QTest::addColumn<QString>("existing"); // "a", "b" or "" : whose sidecar exists
        QTest::addColumn<bool>("withA");
        QTest::addColumn<bool>("withB");
        QTest::addColumn<QString>("expected"); // "a", "b" or ""
        QTest::newRow("none, both paths") << "" << true << true << "b";
        QTest::newRow("none, A only") << "" << true << false << "a";
        QTest::newRow("none, no paths") << "" << false << false << "";
        QTest::newRow("A's exists") << "a" << true << true << "a";
        QTest::newRow("B's exists") << "b" << true << true << "b";
    }
    void savePath()
    {
        QFETCH(QString, existing);
        QFETCH(bool, withA);
        QFETCH(bool, withB);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string a = withA ? dir.filePath("a.png").toStdString() : std::string();
        const std::string b = withB ? dir.filePath("b.png").toStdString() : std::string();
        if (!existing.isEmpty())
            writeText(dir.filePath(existing + ".png.difflens.json"), R"({"format":"difflens-sidecar","version":1,"ignore":[]})");
        SidecarDocument doc;
        QVERIFY(doc.open(a, b));
        const std::string want = expected.isEmpty() ? std::string() : dir.filePath(expected + ".png.difflens.json").toStdString();
        QCOMPARE(doc.path(), want);
        QVERIFY(doc.writable());
        QVERIFY(doc.addIgnore(Rect{1, 2, 3, 4}));
        std::string error;
        QCOMPARE(doc.save(error), expected.isEmpty() ? SidecarDocument::Saved::Nowhere : SidecarDocument::Saved::Yes);
        QCOMPARE(doc.file(), want);
    }

    // Rectangles are kept as given, in order, after the loaded ones; empty
    // ones are refused; clearing keeps the top-level fields.
    void regions_data()
    {
        QTest::addColumn<Rect>("rect");
        QTest::addColumn<bool>("added");
        QTest::newRow("plain") << Rect{10, 20, 30, 40} << true;
        QTest::newRow("far out") << Rect{70000, 90000, 1, 2} << true;
        QTest::newRow("empty width") << Rect{1, 1, 0, 5} << false;
        QTest::newRow("empty height") << Rect{1, 1, 5, 0} << false;
    }
    void regions()
    {
        QFETCH(Rect, rect);
        QFETCH(bool, added);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath("b.png.difflens.json");
        writeText(file, R"({"format":"difflens-sidecar","version":1,"owner":"qa",)"
                        R"("ignore":[{"x":0,"y":0,"width":5,"height":5,"note":"clock","colour":"red"}]})");
        SidecarDocument doc;
        QVERIFY(doc.open(dir.filePath("a.png").toStdString(), dir.filePath("b.png").toStdString()));
        QCOMPARE(doc.addIgnore(rect), added);
        std::string error;
        QCOMPARE(doc.save(error), SidecarDocument::Saved::Yes);
        SidecarDocument again;
        QVERIFY(again.open({}, dir.filePath("b.png").toStdString()));
        const std::vector<Rect> rects = again.ignoreRects();
        QCOMPARE(rects.size(), size_t(added ? 2 : 1));
        QCOMPARE(rects[0], (Rect{0, 0, 5, 5}));
        if (added)
            QCOMPARE(rects[1], rect);
        const QJsonObject saved = QJsonDocument::fromJson(readText(file)).object();
        QCOMPARE(saved.value("owner").toString(), QStringLiteral("qa"));
        const QJsonObject first = saved.value("ignore").toArray().at(0).toObject();
        QCOMPARE(first.value("note").toString(), QStringLiteral("clock"));
        QCOMPARE(first.value("colour").toString(), QStringLiteral("red"));
        QVERIFY(again.clearIgnore());
        QVERIFY(!again.clearIgnore());
        QCOMPARE(again.save(error), SidecarDocument::Saved::Yes);
        const QJsonObject cleared = QJsonDocument::fromJson(readText(file)).object();
        QCOMPARE(cleared.value("owner").toString(), QStringLiteral("qa"));
        QVERIFY(cleared.value("ignore").toArray().isEmpty());
    }

    // A sidecar that cannot be read is never written: adding and saving are refused until a
    // replacement is started beside it; that replacement is loaded the next time.
    void brokenNotOverwritten_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("invalid JSON") << QByteArray("{ not json");
        QTest::newRow("newer version") << QByteArray(R"({"format":"difflens-sidecar","version":99,"ignore":[]})");
        QTest::newRow("malformed region") << QByteArray(R"({"format":"difflens-sidecar","version":1,"ignore":[{"x":"a"}]})");
    }
    void brokenNotOverwritten()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString broken = dir.filePath("b.png.difflens.json");
        writeText(broken, content);
        const std::string a = dir.filePath("a.png").toStdString(), b = dir.filePath("b.png").toStdString();
        SidecarDocument doc;
        QVERIFY(!doc.open(a, b));
        QCOMPARE(doc.brokenPath(), broken.toStdString());
        QVERIFY(!doc.error().empty());
        QCOMPARE(doc.path(), broken.toStdString());
        QVERIFY(!doc.writable());
        QVERIFY(!doc.addIgnore(Rect{1, 1, 2, 2}));
        std::string error;
        QCOMPARE(doc.save(error), SidecarDocument::Saved::Refused);
        QCOMPARE(readText(broken), content);

        const std::string replacement = dir.filePath("b.png.difflens.new.json").toStdString();
        QCOMPARE(doc.startReplacement(), replacement);
        QVERIFY(doc.writable());
        QVERIFY(doc.addIgnore(Rect{3, 4, 5, 6}));
        QCOMPARE(doc.save(error), SidecarDocument::Saved::Yes);
        QCOMPARE(readText(broken), content);

        SidecarDocument reopened; // still broken, but the replacement is used
        QVERIFY(!reopened.open(a, b));
        QCOMPARE(reopened.brokenPath(), broken.toStdString());
        QCOMPARE(reopened.path(), replacement);
        QVERIFY(reopened.writable());
        QCOMPARE(reopened.ignoreRects(), (std::vector<Rect>{Rect{3, 4, 5, 6}}));
    }
};

QTEST_GUILESS_MAIN(TestSidecarDocument)
#include "tst_sidecar_document.moc"
