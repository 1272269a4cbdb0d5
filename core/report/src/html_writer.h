#pragma once
// The HTML form of a report (report.h, writeSingleHtmlReport): a folder with index.html and
// the images of each pair beside it, built from the same content as the PDF
// (report_content.h). Pairs are added one at a time, so only one pair's pixels are held.
#include "report_pages.h"

#include <QImage>
#include <QString>

#include <string>

namespace difflens::report::detail {

class HtmlWriter {
public:
    HtmlWriter(const std::string &dir, const ReportOptions &opt);

    // Creates the folder when missing; false with a reason when it cannot be written.
    bool begin(std::string &error);
    // Writes the pair's images and keeps its section (section ids p1, p2, ... in call order).
    bool addPair(const PairContent &p, std::string &error);
    // Writes index.html (summary, table, the sections, inline style and script) atomically.
    // The summary's rows with page > 0 link to the sections in order.
    ReportResult finish(const SummaryContent &summary);

    ReportResult &result() { return m_res; }

private:
    // img as JPEG (quality > 0) or PNG (quality 0) in the folder; false with a reason.
    bool writeImage(const QString &name, const QImage &img, int quality, std::string &error);
    QString viewsHtml(const PairContent &p, const QString &id, std::string &error, bool &ok);

    std::string m_dir;
    ReportOptions m_opt;
    int m_edge = 1600;   // long edge of the images, pixels
    QString m_sections;
    int m_count = 0;
    ReportResult m_res;
};

// Long edge of the HTML report's images for these options.
int htmlImageEdge(const ReportOptions &opt);

} // namespace difflens::report::detail
