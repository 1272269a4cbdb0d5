#pragma once
// Internal: the streamed route of compareFiles (images read and compared in bands, the
// diff image written row by row), and when compareFiles takes it.
#include "difflens/compare/compare.h"

namespace difflens::detail {

// True when the request can stream: no decoded images are kept, CUDA and the whole-frame
// tier were not asked for, and no tile size is forced.
bool wantsStreaming(const CompareOptions &opt);

CompareResult compareFilesStreamed(const std::string &pathA, const std::string &pathB, const CompareOptions &opt);

} // namespace difflens::detail
