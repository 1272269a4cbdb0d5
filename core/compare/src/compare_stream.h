#pragma once
// Internal: the streamed route of compareFiles (images read and compared in bands, the
// diff image written row by row), and when compareFiles takes it; the --align and
// --flip-map steps both routes share.
#include "difflens/compare/compare.h"
#include "difflens/engine/align.h"
#include "difflens/engine/stream.h"

#include <functional>
#include <vector>

namespace difflens::detail {

// True when the request can stream: no decoded images are kept, CUDA and the whole-frame
// tier were not asked for, and no tile size is forced.
bool wantsStreaming(const CompareOptions &opt);

// Extra outputs of a streamed comparison (the app's display layers, layer_store.h).
struct StreamHooks {
    // Called once both files are open, before any row is read, with the sizes and info in
    // `info` and the compared area's size and depth. False with a reason stops the job;
    // it may set the members below.
    std::function<bool(const CompareResult &info, int width, int height, int depth, std::string &error)> opened;
    RowSink *diff = nullptr;       // the diff rows, when no diff file is written
    std::function<bool(const BandRows &rows, std::string &error)> bands;
    int64_t fixedBytes = 0;        // memory the hooks hold while the rows stream
};

CompareResult compareFilesStreamed(const std::string &pathA, const std::string &pathB, const CompareOptions &opt,
                                   StreamHooks *hooks = nullptr);

// What --align does with an estimate for images of these sizes: applied when it is ok and
// its confidence reaches minConfidence (overlap set, in B's coordinates), else why not.
CompareAlignment resolveAlignment(const AlignEstimate &e, double minConfidence, int widthA, int heightA, int widthB,
                                  int heightB);
// The area of A that B's overlap is compared with.
Rect overlapInA(const CompareAlignment &al);
// Ignore rectangles (B's coordinates) in the coordinates of the compared overlap.
std::vector<Rect> ignoreInOverlap(const std::vector<Rect> &ignore, const Rect &overlap);

} // namespace difflens::detail
