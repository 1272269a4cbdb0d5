// The left-out parts of a comparison's stages 3-4 named for a message (comparison_parts.h):
// which parts, each once and in order, whether any did not fit, the first other reason, and
// the joined words (data-driven).
#include "difflens/compare/comparison_parts.h"

#include <QTest>

using namespace difflens;

Q_DECLARE_METATYPE(std::vector<ComparisonPartFailure>)

class TestComparisonParts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parts_data()
    {
        QTest::addColumn<std::vector<ComparisonPartFailure>>("failed");
        QTest::addColumn<QString>("joined");
        QTest::addColumn<bool>("outOfMemory");
        QTest::addColumn<QString>("reason");
        const ComparisonPartFailure heatOom{ComparisonPart::Heatmap, true, "not enough memory"};
        const ComparisonPartFailure maskOom{ComparisonPart::Mask, true, "not enough memory"};
        const ComparisonPartFailure maskError{ComparisonPart::Mask, false, "mask broken"};
        const ComparisonPartFailure heatError{ComparisonPart::Heatmap, false, "heat broken"};
        const ComparisonPartFailure ssimOom{ComparisonPart::SsimMap, true, "not enough memory"};
        const ComparisonPartFailure ssimError{ComparisonPart::SsimMap, false, "SSIM broken"};
        const ComparisonPartFailure flip{ComparisonPart::Flip, false, "FLIP broken"};
        using F = std::vector<ComparisonPartFailure>;
        QTest::newRow("none") << F{} << "" << false << "";
        QTest::newRow("heatmap out of memory") << F{heatOom} << "the heatmap" << true << "";
        QTest::newRow("two: 'and'") << F{heatOom, maskError} << "the heatmap and mask" << true << "mask broken";
        QTest::newRow("three: commas") << F{maskOom, heatError, ssimOom} << "the mask, heatmap and SSIM map" << true
                                       << "heat broken";
        QTest::newRow("each once, first reason") << F{heatError, maskError, heatOom} << "the heatmap and mask" << true
                                                 << "heat broken";
        QTest::newRow("SSIM's other errors and FLIP left to others") << F{ssimError, flip} << "" << false << "";
    }
    void parts()
    {
        QFETCH(std::vector<ComparisonPartFailure>, failed);
        QFETCH(QString, joined);
        QFETCH(bool, outOfMemory);
        QFETCH(QString, reason);
        Comparison c;
        c.failedParts = failed;
        const LeftOutParts parts = leftOutParts(c);
        QCOMPARE(QString::fromStdString(parts.joined()), joined);
        QCOMPARE(parts.names.empty(), joined.isEmpty());
        QCOMPARE(parts.outOfMemory, outOfMemory);
        QCOMPARE(QString::fromStdString(parts.reason), reason);
    }

    // A part the caller adds (the app's previews) joins the same list.
    void addedPart()
    {
        Comparison c;
        c.failedParts = {{ComparisonPart::Heatmap, false, "heat broken"}};
        LeftOutParts parts = leftOutParts(c);
        parts.add("previews", true, {});
        parts.add("previews", true, {});
        QCOMPARE(QString::fromStdString(parts.joined()), QStringLiteral("the heatmap and previews"));
        QVERIFY(parts.outOfMemory);
        QCOMPARE(QString::fromStdString(parts.reason), QStringLiteral("heat broken"));
    }
};

QTEST_GUILESS_MAIN(TestComparisonParts)
#include "tst_comparison_parts.moc"
