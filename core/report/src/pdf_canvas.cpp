#include "pdf_canvas.h"

#include "difflens/compare/version.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QFontMetricsF>
#include <QImageWriter>
#include <QPageLayout>
#include <QPageSize>
#include <QPaintEngine>
#include <QTextDocument>

#include <algorithm>
#include <new>

namespace difflens::report::detail {

PageGeometry geometryFor(PageSize size)
{
    PageGeometry g;
    if (size == PageSize::Letter) {
        g.width = 612;
        g.height = 792;
    }
    return g;
}

QFont reportFont(double points, bool bold)
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setStyleHint(QFont::SansSerif);
    // No shaping for Latin text: no ligatures, so "ff" in "DiffLens" or "different" stays two
    // letters and the PDF text can be searched and copied as written.
    f.setStyleStrategy(QFont::PreferNoShaping);
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
}

PdfCanvas::PdfCanvas(QIODevice *device, const ReportOptions &opt, int totalPages)
    : m_opt(opt), m_geo(geometryFor(opt.pageSize)), m_writer(std::make_unique<QPdfWriter>(device)),
      m_total(totalPages)
{
}

PdfCanvas::~PdfCanvas()
{
    if (!m_painter.isActive())
        return;
    try {
        m_painter.end();
    } catch (const std::bad_alloc &) {
        // Out of memory finishing the document (Qt's PDF engine throws qBadAlloc): it is
        // abandoned. The engine is marked inactive so that the painter does not try again
        // from its own destructor, where a second throw would end the process.
        if (QPaintEngine *engine = m_painter.paintEngine())
            engine->setActive(false);
    }
}

bool PdfCanvas::begin(std::string &error)
{
    m_writer->setResolution(72);
    m_writer->setCreator(QStringLiteral("DiffLens ") + QString::fromLatin1(versionString()));
    m_writer->setTitle(QString::fromStdString(m_opt.title));
    const QPageSize size(m_opt.pageSize == PageSize::Letter ? QPageSize::Letter : QPageSize::A4);
    m_writer->setPageLayout(QPageLayout(size, QPageLayout::Portrait, QMarginsF(0, 0, 0, 0), QPageLayout::Point));
    if (!m_painter.begin(m_writer.get())) {
        error = "cannot start the PDF painter";
        return false;
    }
    m_painter.setRenderHint(QPainter::Antialiasing, true);
    m_page = 1;
    footer();
    return true;
}

bool PdfCanvas::end()
{
    return m_painter.end();
}

void PdfCanvas::newPage()
{
    m_writer->newPage();
    ++m_page;
    footer();
}

void PdfCanvas::footer()
{
    const QRectF c = content();
    const QRectF line(c.left(), m_geo.height - m_geo.margin - 12, c.width(), 12);
    m_painter.setPen(QPen(QColor(200, 200, 200), 0.5));
    m_painter.drawLine(QPointF(c.left(), line.top() - 4), QPointF(c.right(), line.top() - 4));
    const QFont f = reportFont(7.5);
    text(line, QString::fromStdString(m_opt.title) + QStringLiteral(" \u00b7 DiffLens ") +
                   QString::fromLatin1(versionString()),
         f, Qt::AlignLeft | Qt::AlignVCenter, QColor(110, 110, 110));
    text(line, QStringLiteral("Page %1 of %2").arg(m_page).arg(m_total), f, Qt::AlignRight | Qt::AlignVCenter,
         QColor(110, 110, 110));
}

void PdfCanvas::text(const QRectF &r, const QString &s, const QFont &f, int align, const QColor &color,
                     Qt::TextElideMode elide)
{
    m_painter.setFont(f);
    m_painter.setPen(color);
    const QString shown = QFontMetricsF(f, m_writer.get()).elidedText(s, elide, r.width());
    m_painter.drawText(r, align | Qt::TextSingleLine, shown);
}

void PdfCanvas::paragraph(const QRectF &r, const QString &s, const QFont &f, const QColor &color)
{
    m_painter.save();
    m_painter.setClipRect(r);
    m_painter.setFont(f);
    m_painter.setPen(color);
    m_painter.drawText(r, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, s);
    m_painter.restore();
}

void PdfCanvas::link(const QRectF &r, const QString &s, int target, const QFont &f, Qt::TextElideMode elide)
{
    const QString shown = QFontMetricsF(f, m_writer.get()).elidedText(s, elide, r.width());
    QTextDocument doc;
    doc.documentLayout()->setPaintDevice(m_writer.get());
    doc.setDefaultFont(f);
    doc.setDocumentMargin(0);
    doc.setDefaultStyleSheet(QStringLiteral("a { color: #1d4f9c; text-decoration: none; }"));
    doc.setHtml(QStringLiteral("<a href=\"#page-%1\">%2</a>").arg(target).arg(shown.toHtmlEscaped()));
    const double h = doc.size().height();
    m_painter.save();
    m_painter.translate(r.left(), r.top() + (r.height() - h) / 2);
    doc.drawContents(&m_painter);
    m_painter.restore();
    ++m_links;
}

void PdfCanvas::box(const QRectF &r, const QColor &fill, const QColor &stroke)
{
    m_painter.setPen(stroke.alpha() ? QPen(stroke, 0.6) : QPen(Qt::NoPen));
    m_painter.setBrush(fill);
    m_painter.drawRect(r);
    m_painter.setBrush(Qt::NoBrush);
}

QRectF PdfCanvas::fitted(const QRectF &box, const QSize &size)
{
    if (size.isEmpty() || box.isEmpty())
        return {};
    const double s = std::min(box.width() / size.width(), box.height() / size.height());
    const QSizeF d(size.width() * s, size.height() * s);
    return QRectF(box.left() + (box.width() - d.width()) / 2, box.top() + (box.height() - d.height()) / 2,
                  d.width(), d.height());
}

QRectF PdfCanvas::photo(const QRectF &box, const QImage &img, int quality)
{
    const QRectF r = fitted(box, img.size());
    if (r.isEmpty())
        return r;
    QImage opaque = img.format() == QImage::Format_RGB32 ? img : img.convertToFormat(QImage::Format_RGB32);
    const int cap = m_opt.maxImageEdge;
    if (cap > 0 && std::max(opaque.width(), opaque.height()) > cap)
        opaque = opaque.scaled(cap, cap, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    JpegSubstitute sub;
    sub.width = opaque.width();
    sub.height = opaque.height();
    QBuffer buffer(&sub.jpeg);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(quality);
    writer.setOptimizedWrite(true);
    writer.write(opaque);
    m_jpegs.push_back(std::move(sub));
    m_painter.setRenderHint(QPainter::LosslessImageRendering, false);
    m_painter.drawImage(r, opaque);
    return r;
}

QRectF PdfCanvas::lossless(const QRectF &box, const QImage &img)
{
    const QRectF r = fitted(box, img.size());
    if (r.isEmpty())
        return r;
    m_painter.setRenderHint(QPainter::LosslessImageRendering, true);
    m_painter.drawImage(r, img);
    m_painter.setRenderHint(QPainter::LosslessImageRendering, false);
    ++m_lossless;
    return r;
}

} // namespace difflens::report::detail
