#pragma once
// Internal: the streamed route of compareFiles (images read and compared in bands, the
// diff image written row by row), and when compareFiles takes it; the --align and
// --flip-map steps both routes share.
#include "difflens/compare/compare.h"
#include "difflens/engine/align.h"

#include <vector>

namespace difflens::detail {

// True when the request can stream: no decoded images are kept, CUDA and the whole-frame
// tier were not asked for, and no tile size is forced.
bool wantsStreaming(const CompareOptions &opt);

CompareResult compareFilesStreamed(const std::string &pathA, const std::string &pathB, const CompareOptions &opt);

// What --align does with an estimate for images of these sizes: applied when it is ok and
// its confidence reaches minConfidence (overlap set, in B's coordinates), else why not.
CompareAlignment resolveAlignment(const AlignEstimate &e, double minConfidence, int widthA, int heightA, int widthB,
                                  int heightB);
// The area of A that B's overlap is compared with.
Rect overlapInA(const CompareAlignment &al);
// Ignore rectangles (B's coordinates) in the coordinates of the compared overlap.
std::vector<Rect> ignoreInOverlap(const std::vector<Rect> &ignore, const Rect &overlap);

} // namespace difflens::detail
