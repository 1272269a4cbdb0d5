#include "pdf_rewrite.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace difflens::report::detail {

namespace {

struct Span {
    int number = 0;
    qsizetype start = 0, end = 0;
};

// Integer after `key` inside [from, to); -1 when absent.
long long intAfter(const QByteArray &b, const char *key, qsizetype from = 0, qsizetype to = -1)
{
    const qsizetype at = b.indexOf(key, from);
    if (at < 0 || (to >= 0 && at >= to))
        return -1;
    const char *p = b.constData() + at + qstrlen(key);
    while (*p == ' ')
        ++p;
    char *endp = nullptr;
    const long long v = std::strtoll(p, &endp, 10);
    return endp == p ? -1 : v;
}

bool parseXref(const QByteArray &in, qsizetype &xrefPos, std::vector<Span> &spans, QByteArray &trailer,
               std::string &error)
{
    const qsizetype sx = in.lastIndexOf("startxref");
    if (sx < 0) {
        error = "no startxref";
        return false;
    }
    xrefPos = qsizetype(intAfter(in, "startxref", sx));
    if (xrefPos <= 0 || xrefPos >= in.size() || !in.mid(xrefPos, 5).startsWith("xref")) {
        error = "no cross-reference table";
        return false;
    }
    const qsizetype line2 = in.indexOf('\n', xrefPos) + 1;
    int first = 0, count = 0;
    if (std::sscanf(in.constData() + line2, "%d %d", &first, &count) != 2 || first != 0 || count <= 0) {
        error = "unexpected cross-reference section";
        return false;
    }
    const qsizetype entries = in.indexOf('\n', line2) + 1;
    if (entries + qsizetype(count) * 20 > in.size()) {
        error = "truncated cross-reference table";
        return false;
    }
    for (int i = 1; i < count; ++i) {
        const char *e = in.constData() + entries + qsizetype(i) * 20;
        if (e[17] != 'n')
            continue;
        spans.push_back(Span{i, qsizetype(std::strtoll(e, nullptr, 10)), 0});
    }
    const qsizetype tr = in.indexOf("trailer", entries + qsizetype(count) * 20);
    if (tr < 0 || tr > sx) {
        error = "no trailer";
        return false;
    }
    trailer = in.mid(tr, sx - tr);
    std::sort(spans.begin(), spans.end(), [](const Span &a, const Span &b) { return a.start < b.start; });
    for (size_t i = 0; i < spans.size(); ++i) {
        spans[i].end = i + 1 < spans.size() ? spans[i + 1].start : xrefPos;
        if (spans[i].start <= 0 || spans[i].end <= spans[i].start) {
            error = "bad object offsets";
            return false;
        }
    }
    return !spans.empty() || (error = "no objects", false);
}

std::vector<int> pageObjects(const QByteArray &in, const std::vector<Span> &spans)
{
    std::vector<int> pages;
    for (const Span &s : spans) {
        const QByteArray b = in.mid(s.start, s.end - s.start);
        if (!b.contains("/Type /Pages"))
            continue;
        const qsizetype k = b.indexOf("/Kids");
        const qsizetype open = b.indexOf('[', k), close = b.indexOf(']', open);
        if (k < 0 || open < 0 || close < 0)
            continue;
        const QList<QByteArray> tokens = b.mid(open + 1, close - open - 1).simplified().split(' ');
        for (qsizetype i = 0; i + 2 < tokens.size(); i += 3)
            if (tokens[i + 2] == "R")
                pages.push_back(tokens[i].toInt());
        break;
    }
    return pages;
}

QByteArray resolveLink(const QByteArray &b, const std::vector<int> &pages, bool &changed)
{
    changed = false;
    const qsizetype uri = b.indexOf("/URI (#page-");
    const qsizetype action = b.indexOf("/A <<");
    if (uri < 0 || action < 0 || action > uri)
        return b;
    const long long target = intAfter(b, "/URI (#page-", uri);
    const qsizetype actionEnd = b.indexOf(">>", uri);
    if (target < 1 || target > (long long)pages.size() || actionEnd < 0)
        return b;
    QByteArray out = b.left(action);
    out += "/Dest [" + QByteArray::number(pages[size_t(target - 1)]) + " 0 R /XYZ null null null]";
    out += b.mid(actionEnd + 2);
    // Qt's link rectangle covers the glyphs' x-height only; give it the height of the line.
    const qsizetype r = out.indexOf("/Rect [");
    const qsizetype rEnd = out.indexOf(']', r);
    if (r >= 0 && rEnd > r) {
        double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
        if (std::sscanf(out.constData() + r + 7, "%lf %lf %lf %lf", &x1, &y1, &x2, &y2) == 4) {
            char rect[160];
            std::snprintf(rect, sizeof rect, "/Rect [%.2f %.2f %.2f %.2f", x1, y1 - 3.0, x2, y2 + 2.5);
            out = out.left(r) + rect + out.mid(rEnd);
        }
    }
    changed = true;
    return out;
}

struct DctObject {
    size_t span = 0;
    int width = 0, height = 0;
    int lengthObject = 0;
    qsizetype dataStart = 0; // inside the object
};

} // namespace

bool rewriteQtPdf(const QByteArray &in, const std::vector<JpegSubstitute> &jpegs, QByteArray &out,
                  RewriteStats &stats, std::string &error)
{
    stats = {};
    qsizetype xrefPos = 0;
    std::vector<Span> spans;
    QByteArray trailer;
    if (!parseXref(in, xrefPos, spans, trailer, error))
        return false;

    std::map<int, size_t> spanOf;
    for (size_t i = 0; i < spans.size(); ++i)
        spanOf[spans[i].number] = i;
    std::vector<QByteArray> bodies(spans.size());
    std::vector<DctObject> dct;
    for (size_t i = 0; i < spans.size(); ++i) {
        bodies[i] = in.mid(spans[i].start, spans[i].end - spans[i].start);
        const QByteArray &b = bodies[i];
        const qsizetype streamAt = b.indexOf(">>\nstream\n");
        if (streamAt < 0 || !b.contains("/Subtype /Image"))
            continue;
        const qsizetype filter = b.indexOf("/Filter /DCTDecode");
        if (filter < 0 || filter > streamAt)
            continue;
        DctObject d;
        d.span = i;
        d.width = int(intAfter(b, "/Width", 0, streamAt));
        d.height = int(intAfter(b, "/Height", 0, streamAt));
        d.lengthObject = int(intAfter(b, "/Length", 0, streamAt));
        d.dataStart = streamAt + 10;
        dct.push_back(d);
    }
    stats.dctImages = int(dct.size());

    bool swap = !jpegs.empty() && jpegs.size() == dct.size();
    for (size_t k = 0; swap && k < dct.size(); ++k)
        swap = dct[k].width == jpegs[k].width && dct[k].height == jpegs[k].height && spanOf.count(dct[k].lengthObject);
    if (swap) {
        for (size_t k = 0; k < dct.size(); ++k) {
            const DctObject &d = dct[k];
            QByteArray &lenBody = bodies[spanOf[d.lengthObject]];
            const long long oldLen = intAfter(lenBody, "obj\n");
            QByteArray &b = bodies[d.span];
            if (oldLen < 0 || d.dataStart + oldLen > b.size())
                continue;
            b = b.left(d.dataStart) + jpegs[k].jpeg + b.mid(d.dataStart + qsizetype(oldLen));
            lenBody = QByteArray::number(d.lengthObject) + " 0 obj\n" + QByteArray::number(jpegs[k].jpeg.size()) +
                      "\nendobj\n";
            ++stats.jpegReplaced;
        }
    }

    const std::vector<int> pages = pageObjects(in, spans);
    for (QByteArray &b : bodies) {
        if (!b.contains("/Subtype /Link"))
            continue;
        bool changed = false;
        b = resolveLink(b, pages, changed);
        stats.linksResolved += changed ? 1 : 0;
    }

    int maxNumber = 0;
    for (const Span &s : spans)
        maxNumber = std::max(maxNumber, s.number);
    std::vector<qsizetype> offsets(size_t(maxNumber) + 1, 0);
    out.clear();
    out.reserve(in.size());
    out += in.left(spans.front().start);
    for (size_t i = 0; i < spans.size(); ++i) {
        offsets[size_t(spans[i].number)] = out.size();
        out += bodies[i];
    }
    const qsizetype newXref = out.size();
    out += "xref\n0 " + QByteArray::number(maxNumber + 1) + "\n0000000000 65535 f \n";
    char entry[32];
    for (int n = 1; n <= maxNumber; ++n) {
        if (offsets[size_t(n)] > 0)
            std::snprintf(entry, sizeof entry, "%010lld 00000 n \n", static_cast<long long>(offsets[size_t(n)]));
        else
            std::snprintf(entry, sizeof entry, "0000000000 65535 f \n");
        out += entry;
    }
    out += trailer;
    out += "startxref\n" + QByteArray::number(newXref) + "\n%%EOF\n";
    return true;
}

} // namespace difflens::report::detail
