// One pair of the HTML report (html_writer.h): its images written beside index.html and its
// section (side by side, swipe, onion skin and diff views with region boxes, metrics, decision).
#include "html_writer.h"

#include "pair_images.h"
#include "pair_regions.h"
#include "print_images.h"

#include "difflens/compare/savefile.h"

#include <QBuffer>
#include <QDir>
#include <QImageWriter>

#include <algorithm>

namespace difflens::report::detail {

namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString pct(double v)
{
    return QString::number(v, 'f', 3) + QLatin1Char('%');
}

// Region boxes over an image of w x h pixels (the regions' frame), in percentages.
QString boxesHtml(const std::vector<RegionView> &rs, bool native, int w, int h)
{
    if (w <= 0 || h <= 0)
        return {};
    QString out;
    for (const RegionView &rv : rs) {
        const Rect &r = native ? rv.native : rv.analysis;
        out += QStringLiteral("<div class=\"box\" style=\"left:%1;top:%2;width:%3;height:%4\"><span>%5</span></div>")
                   .arg(pct(100.0 * r.x / w), pct(100.0 * r.y / h), pct(100.0 * r.width / w), pct(100.0 * r.height / h))
                   .arg(rv.number);
    }
    return out;
}

QString figure(const QString &caption, const QString &frame)
{
    return QStringLiteral("<figure><figcaption>%1</figcaption>%2</figure>").arg(caption, frame);
}

// size: the file's pixels (the page keeps the space of images not loaded yet); extra: more
// attributes (the overlaid image of swipe and onion skin).
QString img(const QString &src, const QString &alt, const QSize &size, const QString &extra = QString())
{
    return QStringLiteral("<img src=\"%1\" alt=\"%2\" width=\"%3\" height=\"%4\" loading=\"lazy\"%5>")
        .arg(src, esc(alt), QString::number(size.width()), QString::number(size.height()), extra);
}

QString sizeText(int w, int h)
{
    return w > 0 ? QStringLiteral("%1\u00d7%2").arg(w).arg(h) : QStringLiteral("absent");
}

// A legend: the ramp of a legend bar (print_images.h: top = high) as a CSS gradient, 0 to top.
QString legend(const QImage &bar, const QString &top)
{
    QString g = QStringLiteral("linear-gradient(to right");
    for (int i = 0; i <= 8; ++i) {
        const QRgb c = bar.pixel(0, (bar.height() - 1) * (8 - i) / 8);
        g += QStringLiteral(",rgb(%1,%2,%3)").arg(qRed(c)).arg(qGreen(c)).arg(qBlue(c));
    }
    return QStringLiteral("<div class=\"legend\">0 <i style=\"background:%1)\"></i> %2</div>").arg(g, top);
}

} // namespace

int htmlImageEdge(const ReportOptions &opt)
{
    return opt.maxImageEdge > 0 ? std::min(1600, opt.maxImageEdge) : 1600;
}

HtmlWriter::HtmlWriter(const std::string &dir, const ReportOptions &opt)
    : m_dir(dir), m_opt(opt), m_edge(htmlImageEdge(opt))
{
}

bool HtmlWriter::writeImage(const QString &name, const QImage &image, int quality, std::string &error)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, quality > 0 ? "jpeg" : "png");
    if (quality > 0)
        writer.setQuality(quality);
    if (!writer.write(image)) {
        error = name.toStdString() + ": cannot encode: " + writer.errorString().toStdString();
        return false;
    }
    const std::string path = QDir(QString::fromStdString(m_dir)).filePath(name).toStdString();
    if (!writeFileAtomically(path, bytes, error)) {
        error = path + ": cannot write: " + error;
        return false;
    }
    m_res.bytes += bytes.size();
    ++(quality > 0 ? m_res.jpegImages : m_res.losslessImages);
    return true;
}

QString HtmlWriter::viewsHtml(const PairContent &p, const QString &id, std::string &error, bool &ok)
{
    const auto &s = p.summary;
    const CompareResult *r = p.result;
    const std::vector<RegionView> regions = regionViews(p, m_opt.maxRegionsPerPair);
    const Size2 sizeA = layerSize(p, PairLayer::A), sizeB = layerSize(p, PairLayer::B);
    const bool haveA = sizeA.width > 0, haveB = sizeB.width > 0;
    const bool sameSize = haveA && haveB && sizeA.width == sizeB.width && sizeA.height == sizeB.height;
    const bool haveDiff = r && r->ok && !r->layoutDiffers && hasLayer(p, PairLayer::Diff);
    const QString a = id + QStringLiteral("-a.jpg"), b = id + QStringLiteral("-b.jpg");
    const QImage printA = haveA ? layerPrint(p, PairLayer::A, m_edge, m_edge) : QImage();
    const QImage printB = haveB ? layerPrint(p, PairLayer::B, m_edge, m_edge) : QImage();
    ok = (!haveA || writeImage(a, printA, p.quality, error)) && (!haveB || writeImage(b, printB, p.quality, error));
    if (!ok)
        return {};
    const QSize sa = printA.size(), sb = printB.size();
    const QString boxesA = haveA ? boxesHtml(regions, true, sizeA.width, sizeA.height) : QString();
    const QString boxesB = haveB ? boxesHtml(regions, true, sizeB.width, sizeB.height) : QString();
    const auto missing = [&s, &p](bool isA) {
        return QStringLiteral("<div class=\"note-box\">%1</div>")
            .arg(isA && s.status == review::PairStatus::Added      ? QStringLiteral("Not in the baseline.")
                 : !isA && s.status == review::PairStatus::Removed ? QStringLiteral("Not in the current folder.")
                                                                   : esc(missingSideText(p)));
    };
    const QString capA = QStringLiteral("A \u00b7 baseline \u00b7 ") + sizeText(s.widthA, s.heightA);
    const QString capB = QStringLiteral("B \u00b7 current \u00b7 ") + sizeText(s.widthB, s.heightB);
    QString side = QStringLiteral("<div class=\"v v-side\">");
    side += haveA ? figure(capA, QStringLiteral("<div class=\"frame\">%1%2</div>").arg(img(a, QStringLiteral("A"), sa), boxesA))
                  : figure(capA, missing(true));
    side += haveB ? figure(capB, QStringLiteral("<div class=\"frame\">%1%2</div>").arg(img(b, QStringLiteral("B"), sb), boxesB))
                  : figure(capB, missing(false));
    side += QStringLiteral("</div>");

    QString swipe, onion;
    if (sameSize) {
        const QString stack = QStringLiteral("<div class=\"frame\">%1%2%3</div>");
        swipe = QStringLiteral("<div class=\"v v-swipe\"><figure><figcaption>Swipe \u00b7 A on the left, B on the right"
                               "</figcaption>%1<label class=\"slider\">A <input type=\"range\" min=\"0\" max=\"100\" "
                               "value=\"50\" aria-label=\"swipe position\"> B</label></figure></div>")
                    .arg(stack.arg(img(b, QStringLiteral("B"), sb),
                                   img(a, QStringLiteral("A"), sa, QStringLiteral(" class=\"top\" style=\"clip-path:inset(0 50% 0 0)\"")),
                                   boxesB));
        onion = QStringLiteral("<div class=\"v v-onion\"><figure><figcaption>Onion skin \u00b7 A over B</figcaption>%1"
                               "<label class=\"slider\">B <input type=\"range\" min=\"0\" max=\"100\" value=\"50\" "
                               "aria-label=\"opacity of A\"> A</label></figure></div>")
                    .arg(stack.arg(img(b, QStringLiteral("B"), sb),
                                   img(a, QStringLiteral("A"), sa, QStringLiteral(" class=\"top\" style=\"opacity:0.5\"")), boxesB));
    }

    QString diff = QStringLiteral("<div class=\"v v-diff\">");
    if (haveDiff) {
        const Size2 d = layerSize(p, PairLayer::Diff);
        const QString dn = id + QStringLiteral("-diff.png");
        const QImage printD = layerPrint(p, PairLayer::Diff, m_edge, m_edge);
        if (!writeImage(dn, printD, 0, error))
            return ok = false, QString();
        diff += figure(QStringLiteral("Diff \u00b7 threshold %1 \u00b7 red differs, yellow anti-aliased").arg(s.threshold, 0, 'g', 3),
                       QStringLiteral("<div class=\"frame\">%1%2</div>")
                           .arg(img(dn, QStringLiteral("diff"), printD.size()), boxesHtml(regions, false, d.width, d.height)));
        int peak = 0;
        const QImage heat = sameSize ? pairHeatmap(p, m_edge, m_edge, &peak) : QImage();
        if (!heat.isNull()) {
            const QString hn = id + QStringLiteral("-heat.png");
            if (!writeImage(hn, heat, 0, error))
                return ok = false, QString();
            diff += figure(QStringLiteral("Heatmap \u00b7 largest |\u0394RGB| per pixel, linear to the peak"),
                           QStringLiteral("<div class=\"frame\">%1</div>").arg(img(hn, QStringLiteral("heatmap"), heat.size())) +
                               legend(legendBar(1, 64), QString::number(peak)));
        }
        if (r->job.flip && r->job.flip->map.data.empty() && p.store) {
            diff += figure(QStringLiteral("FLIP error \u00b7 mean %1").arg(r->job.flip->mean, 0, 'f', 4),
                           QStringLiteral("<div class=\"note-box\">FLIP map not available for streamed pairs "
                                          "(the mean is exact).</div>"));
        } else if (r->job.flip && !r->job.flip->map.data.empty()) {
            const QString fn = id + QStringLiteral("-flip.png");
            const QImage flipMap = flipMapImage(r->job.flip->map, m_edge, m_edge);
            if (!writeImage(fn, flipMap, 0, error))
                return ok = false, QString();
            diff += figure(QStringLiteral("FLIP error \u00b7 mean %1 \u00b7 magma").arg(r->job.flip->mean, 0, 'f', 4),
                           QStringLiteral("<div class=\"frame\">%1</div>").arg(img(fn, QStringLiteral("FLIP error map"), flipMap.size())) +
                               legend(legendBar(1, 64, true), QStringLiteral("1")));
        }
    } else {
        diff += QStringLiteral("<div class=\"note-box\">%1</div>")
                    .arg(s.status == review::PairStatus::LayoutChanged
                             ? QStringLiteral("The image sizes differ (A %1, B %2), so pixels were not compared.")
                                   .arg(sizeText(s.widthA, s.heightA), sizeText(s.widthB, s.heightB))
                             : esc(s.error.empty() ? QStringLiteral("No pixel comparison for this pair.")
                                                   : QString::fromStdString(s.error)));
    }
    diff += QStringLiteral("</div>");

    const auto button = [](const char *view, const char *label, bool enabled, bool on) {
        return QStringLiteral("<button type=\"button\" data-view=\"%1\"%2%3>%4</button>")
            .arg(QLatin1String(view), on ? QStringLiteral(" class=\"on\"") : QString(),
                 enabled ? QString() : QStringLiteral(" disabled"), QLatin1String(label));
    };
    QString views = QStringLiteral("<div class=\"views\">") + button("side", "Side by side", true, true) +
                    button("swipe", "Swipe", sameSize, false) + button("onion", "Onion skin", sameSize, false) +
                    button("diff", "Diff", true, false);
    if (!regions.empty())
        views += QStringLiteral("<label class=\"toolbar-x\"><input type=\"checkbox\" class=\"boxes\" checked> "
                                "region boxes</label>");
    views += QStringLiteral("</div>");
    return views + QStringLiteral("<div class=\"stage side\">") + side + swipe + onion + diff + QStringLiteral("</div>");
}

bool HtmlWriter::addPair(const PairContent &p, std::string &error)
{
    const QString id = QStringLiteral("p%1").arg(++m_count);
    bool ok = true;
    const QString views = viewsHtml(p, id, error, ok);
    if (!ok)
        return false;
    const QString status = statusLabel(p.summary.status);
    const QColor c = statusColor(p.summary.status);
    QString h = QStringLiteral("<section class=\"pair\" id=\"%1\" data-status=\"%2\" data-name=\"%3\" style=\"--c:%4\">"
                               "<header><h2>%5</h2><span class=\"badge\">%2</span></header>")
                    .arg(id, status, esc(p.name), c.name(), esc(p.name));
    h += QStringLiteral("<div class=\"paths\">A: %1<br>B: %2</div>").arg(esc(p.pathA), esc(p.pathB));
    h += views;
    h += QStringLiteral("<div class=\"cols\"><div><table class=\"metrics\">");
    for (const auto &line : metricLines(p))
        h += QStringLiteral("<tr><th>%1</th><td>%2</td></tr>").arg(esc(line.first), esc(line.second));
    h += QStringLiteral("</table>");
    const std::vector<RegionView> regions = regionViews(p, m_opt.maxRegionsPerPair);
    if (!regions.empty()) {
        h += QStringLiteral("<ol class=\"regions\">");
        for (const RegionView &rv : regions)
            h += QStringLiteral("<li>x %1, y %2 \u00b7 %3\u00d7%4 px \u00b7 %5 px differ</li>")
                     .arg(rv.native.x)
                     .arg(rv.native.y)
                     .arg(rv.native.width)
                     .arg(rv.native.height)
                     .arg(rv.pixels);
        h += QStringLiteral("</ol>");
    }
    h += QStringLiteral("</div><div><table class=\"metrics\">");
    const bool decided = p.reviewed && p.decision != review::Decision::None;
    h += QStringLiteral("<tr><th>Decision</th><td class=\"decision %1\">%2</td></tr>")
             .arg(decisionLabel(p.decision), decided ? decisionLabel(p.decision) : QStringLiteral("not reviewed"));
    h += QStringLiteral("<tr><th>Note</th><td>%1</td></tr></table>")
             .arg(p.note.isEmpty() ? QStringLiteral("\u2013") : esc(p.note));
    if (!p.remark.isEmpty())
        h += QStringLiteral("<p class=\"remark\">%1</p>").arg(esc(p.remark));
    h += QStringLiteral("</div></div></section>\n");
    m_sections += h;
    ++m_res.pairPages;
    return true;
}

} // namespace difflens::report::detail
