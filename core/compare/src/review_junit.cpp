#include "difflens/compare/review/junit.h"
#include "difflens/compare/savefile.h"

#include <QXmlStreamWriter>

#include <cstdio>

namespace difflens::review {

namespace {
std::string fmt(const char *f, double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

std::string regionsText(const PairSummary &s)
{
    std::string t = std::to_string(s.regionCount) + (s.regionCount == 1 ? " region" : " regions");
    if (s.regions.empty())
        return t;
    t += ":";
    const size_t shown = std::min<size_t>(s.regions.size(), 5);
    for (size_t i = 0; i < shown; ++i) {
        const Region &r = s.regions[i];
        t += (i ? "; " : " ") + std::to_string(r.box.width) + "x" + std::to_string(r.box.height) + " at (" +
             std::to_string(r.box.x) + "," + std::to_string(r.box.y) + ")";
    }
    if (size_t(s.regionCount) > shown)
        t += "; ...";
    return t;
}

// ", N tolerated by --shift" and ", FLIP mean M" when there is something to say.
std::string toleranceText(const PairSummary &s)
{
    std::string t;
    if (s.shiftTolerated > 0)
        t += ", " + std::to_string(s.shiftTolerated) + " tolerated by --shift";
    if (s.flipMean >= 0)
        t += ", FLIP mean " + fmt("%.4f", s.flipMean);
    return t;
}

std::string sizeText(int w, int h)
{
    return std::to_string(w) + "x" + std::to_string(h);
}
} // namespace

std::string failureMessage(const PairSummary &s)
{
    switch (s.status) {
    case PairStatus::Identical:
        return "identical";
    case PairStatus::WithinTolerance:
        return std::to_string(s.exactDiffering) + " pixels differ, none over threshold " + fmt("%g", s.threshold) +
               toleranceText(s);
    case PairStatus::Different:
        return fmt("%.4f", s.mismatchPercent()) + "% mismatched (" + std::to_string(s.mismatched) + " of " +
               std::to_string(s.totalPixels) + " pixels over threshold " + fmt("%g", s.threshold) + "), " +
               regionsText(s) + toleranceText(s);
    case PairStatus::LayoutChanged:
        return "layout changed: baseline " + sizeText(s.widthA, s.heightA) + ", current " +
               sizeText(s.widthB, s.heightB);
    case PairStatus::Removed:
        return "only in baseline (removed)";
    case PairStatus::Added:
        return "only in current (new, no baseline)";
    case PairStatus::Error:
        return "error: " + s.error;
    }
    return {};
}

std::string toJUnitXml(const std::vector<PairSummary> &pairs, const JUnitOptions &opt)
{
    int failures = 0, errors = 0;
    double caseSeconds = 0;
    for (const PairSummary &s : pairs) {
        if (s.status == PairStatus::Error)
            ++errors;
        else if (isFailure(s.status))
            ++failures;
        caseSeconds += s.elapsedMs / 1000.0;
    }
    const double total = opt.totalSeconds > 0 ? opt.totalSeconds : caseSeconds;
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    const auto counts = [&](const QString &name) {
        w.writeAttribute("name", name);
        w.writeAttribute("tests", QString::number(pairs.size()));
        w.writeAttribute("failures", QString::number(failures));
        w.writeAttribute("errors", QString::number(errors));
        w.writeAttribute("skipped", "0");
        w.writeAttribute("time", QString::number(total, 'f', 3));
    };
    w.writeStartElement("testsuites");
    counts(QString::fromStdString(opt.suiteName));
    w.writeStartElement("testsuite");
    counts(QString::fromStdString(opt.suiteName));
    for (const PairSummary &s : pairs) {
        w.writeStartElement("testcase");
        const auto slash = s.relPath.rfind('/');
        std::string cls = opt.className;
        if (slash != std::string::npos)
            cls += "." + s.relPath.substr(0, slash);
        w.writeAttribute("classname", QString::fromStdString(cls));
        w.writeAttribute("name", QString::fromStdString(s.relPath));
        w.writeAttribute("time", QString::number(s.elapsedMs / 1000.0, 'f', 3));
        if (isFailure(s.status)) {
            const QString msg = QString::fromStdString(failureMessage(s));
            w.writeStartElement(s.status == PairStatus::Error ? "error" : "failure");
            w.writeAttribute("message", msg);
            w.writeAttribute("type", toString(s.status));
            w.writeCharacters(QString::fromStdString(s.relPath) + ": " + msg);
            w.writeEndElement();
        }
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndDocument();
    return out.toStdString();
}

bool writeJUnitFile(const std::string &path, const std::vector<PairSummary> &pairs, const JUnitOptions &opt,
                    std::string &error)
{
    if (!writeFileAtomically(path, QByteArray::fromStdString(toJUnitXml(pairs, opt)), error)) {
        error = path + ": " + error;
        return false;
    }
    return true;
}

} // namespace difflens::review
