#pragma once
// A second pass over the PDF that Qt's PDF engine wrote, for two things Qt 6.4 cannot do:
//  - JPEG quality: Qt encodes every lossy image at a fixed quality (94). The report encodes
//    each photo itself at the quality it wants and records it in drawing order; this pass
//    swaps those bytes in for Qt's DCT streams (Qt writes one image object per draw, in order).
//  - Internal links: Qt writes an anchor "#page-N" as a URI action. This pass turns it into a
//    destination on page N, so the links of the summary table jump inside the document.
// Only the objects involved change; the cross-reference table is rebuilt.
#include <QByteArray>
#include <QList>

#include <string>
#include <vector>

namespace difflens::report::detail {

struct JpegSubstitute {
    int width = 0, height = 0;
    QByteArray jpeg;
};

struct RewriteStats {
    int dctImages = 0;       // DCT images found in the input
    int jpegReplaced = 0;    // all of them or none (when the recorded list does not match)
    int linksResolved = 0;
};

// False (with a reason) only when the input is not a PDF this pass understands.
bool rewriteQtPdf(const QByteArray &in, const std::vector<JpegSubstitute> &jpegs, QByteArray &out,
                  RewriteStats &stats, std::string &error);

} // namespace difflens::report::detail
