#pragma once
// Drawing surface of a report: a QPdfWriter in points (72 units per inch, no margins of its
// own), page numbering, fonts, text helpers, and image drawing that records every photo's own
// JPEG encoding for the rewrite pass (see pdf_rewrite.h).
#include "difflens/report/report.h"
#include "pdf_rewrite.h"

#include <QFont>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QRectF>
#include <QString>

#include <memory>
#include <vector>

namespace difflens::report::detail {

struct PageGeometry {
    double width = 595, height = 842;   // points
    double margin = 40;
    double footer = 22;                  // space for the footer line above the bottom margin
    QRectF content() const { return QRectF(margin, margin, width - 2 * margin, height - 2 * margin - footer); }
};
PageGeometry geometryFor(PageSize size);

QFont reportFont(double points, bool bold = false);

class PdfCanvas {
public:
    PdfCanvas(QIODevice *device, const ReportOptions &opt, int totalPages);
    ~PdfCanvas();
    PdfCanvas(const PdfCanvas &) = delete;
    PdfCanvas &operator=(const PdfCanvas &) = delete;

    bool begin(std::string &error);
    bool end();
    void newPage();                      // starts the next page (the first one is started by begin)
    int page() const { return m_page; }  // 1-based
    int totalPages() const { return m_total; }
    const PageGeometry &geometry() const { return m_geo; }
    QRectF content() const { return m_geo.content(); }
    QPainter &painter() { return m_painter; }

    // One line, elided at the right (or in the middle with Qt::ElideMiddle) to fit r.
    void text(const QRectF &r, const QString &s, const QFont &f, int align = Qt::AlignLeft | Qt::AlignVCenter,
              const QColor &color = Qt::black, Qt::TextElideMode elide = Qt::ElideRight);
    // Wrapped text clipped to r.
    void paragraph(const QRectF &r, const QString &s, const QFont &f, const QColor &color = Qt::black);
    // Text linked to page `target` (an internal link after the rewrite pass).
    void link(const QRectF &r, const QString &s, int target, const QFont &f, Qt::TextElideMode elide = Qt::ElideRight);
    void box(const QRectF &r, const QColor &fill, const QColor &stroke = Qt::transparent);

    // Draw img centred in box, keeping its aspect ratio; return the rectangle drawn.
    QRectF photo(const QRectF &box, const QImage &img, int quality); // JPEG at quality
    QRectF lossless(const QRectF &box, const QImage &img);           // Flate
    int jpegImages() const { return int(m_jpegs.size()); }
    int losslessImages() const { return m_lossless; }
    int links() const { return m_links; }
    const std::vector<JpegSubstitute> &jpegs() const { return m_jpegs; }

private:
    void footer();
    static QRectF fitted(const QRectF &box, const QSize &size);

    ReportOptions m_opt;
    PageGeometry m_geo;
    std::unique_ptr<QPdfWriter> m_writer;
    QPainter m_painter;
    int m_page = 0, m_total = 0;
    std::vector<JpegSubstitute> m_jpegs;
    int m_lossless = 0, m_links = 0;
};

} // namespace difflens::report::detail
