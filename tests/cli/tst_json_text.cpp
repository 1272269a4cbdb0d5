// The Qt-free result JSON (result_json.h, json_value.h) writes byte for byte what QJsonDocument
// writes for the same document, so the CLI's fast path and the Qt code agree.
#include "../compare/test_images.h"

#include "difflens/compare/compare.h"
#include "difflens/compare/json.h"
#include "difflens/compare/json_value.h"
#include "difflens/compare/result_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>
#include <random>

using namespace difflens;

namespace {

QByteArray qtText(const QJsonObject &o, bool indented)
{
    return QJsonDocument(o).toJson(indented ? QJsonDocument::Indented : QJsonDocument::Compact);
}

} // namespace

class TestJsonText : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_a, m_b;

    CompareResult run(const QString &b, bool ssim) const
    {
        CompareOptions opt;
        opt.job.device = Device::Cpu;
        opt.job.computeSsim = ssim;
        return compareFiles(m_a.toStdString(), b.toStdString(), opt);
    }

    static void compareTexts(const CompareResult &r)
    {
        for (bool indented : {true, false}) {
            const QByteArray ours = QByteArray::fromStdString(resultToJsonText(r, indented));
            QCOMPARE(ours, qtText(resultToJson(r), indented));
            // Parsing and writing again with Qt changes nothing.
            QCOMPARE(QJsonDocument::fromJson(ours).toJson(indented ? QJsonDocument::Indented : QJsonDocument::Compact),
                     ours);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_a = m_dir.filePath("a.png");
        m_b = m_dir.filePath("b \"quoted\" \\ é.png");
        const QImage a = testimg::screen(96, 64);
        QVERIFY(testimg::save(a, m_a));
        QVERIFY(testimg::save(testimg::withBlock(a, QRect(4, 4, 6, 5), Qt::yellow), m_b));
    }

    void numbersAsQtWritesThem()
    {
        std::vector<double> values = {0.0, -0.0, 1, -1, 0.1, 1e-5, 1.5e-7, 1e20, 1e21, 123456, 1e16, 1e17,
                                      12345678901234567890.0, 1e8, 1e-4, 1.234e-5, 2.5e-4, 1234567.125, 1e15,
                                      123e15, 5e-324, std::numeric_limits<double>::max(), 0.001, 1e4, 1e5,
                                      10000.5, 33.333333333333336, 4503599627370496.5, 255, 1.25e10, -2.5e-8};
        std::mt19937_64 rng(42);
        std::uniform_real_distribution<double> mantissa(-10.0, 10.0);
        std::uniform_int_distribution<int> exponent(-30, 30);
        for (int i = 0; i < 20000; ++i)
            values.push_back(mantissa(rng) * std::pow(10.0, exponent(rng)));
        for (int i = 0; i < 2000; ++i)
            values.push_back(std::round(mantissa(rng) * std::pow(10.0, exponent(rng) % 20)));
        for (double v : values) {
            const QByteArray expected = QByteArray::number(v, 'g', QLocale::FloatingPointShortest);
            QCOMPARE(QByteArray::fromStdString(jsonNumberText(v)), expected == "-0" ? QByteArray("0") : expected);
        }
    }

    void stringsAndNesting()
    {
        JsonValue o = JsonValue::object();
        o.insert("s", std::string("a\x01\"\\\t\n\r\b\f\x7f\xc3\xa9/ bad\xff\xfe z \xe2\x82"));
        o.insert("empty_array", JsonValue::array());
        o.insert("empty_object", JsonValue::object());
        JsonValue arr = JsonValue::array();
        arr.append(1).append(JsonValue()).append(std::nan("")).append(true).append(JsonValue::object().insert("k", 2.5));
        o.insert("arr", std::move(arr));
        o.insert("B", int64_t(-9007199254740993));
        const QJsonObject q = QJsonDocument::fromJson(QByteArray::fromStdString(toJsonText(o))).object();
        QVERIFY(!q.isEmpty());
        for (bool indented : {true, false})
            QCOMPARE(QByteArray::fromStdString(toJsonText(o, indented)), qtText(q, indented));
        QCOMPARE(q.value("s").toString(), QString::fromStdString("a\x01\"\\\t\n\r\b\f\x7f\xc3\xa9/ bad\xff\xfe z \xe2\x82"));
    }

    void resultDocuments()
    {
        const CompareResult different = run(m_b, false);
        QVERIFY2(different.ok, different.errorMessage().c_str());
        compareTexts(different);
        compareTexts(run(m_b, true));
        const CompareResult identical = run(m_a, false);
        QVERIFY(identical.identical);
        compareTexts(identical);
        const CompareResult missing = run(m_dir.filePath("missing.png"), false);
        QVERIFY(!missing.ok);
        compareTexts(missing);
    }

    void writesAtomicallyOrToStdout()
    {
        const CompareResult r = run(m_b, false);
        const QString path = m_dir.filePath("out.json");
        std::string error;
        QVERIFY2(writeResultJson(path.toStdString(), r, error), error.c_str());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray::fromStdString(resultToJsonText(r)));
        QVERIFY(!writeResultJson(m_dir.filePath("no/such/folder/out.json").toStdString(), r, error));
        QVERIFY(!error.empty());
    }
};

QTEST_GUILESS_MAIN(TestJsonText)
#include "tst_json_text.moc"
