#pragma once
// Minimal data-parallel helper for engine hot paths (no Qt in the engine).
#include <functional>

namespace difflens {

// Number of worker threads the engine uses by default (hardware concurrency, >= 1).
int defaultThreadCount();

// Runs fn(begin, end) over [0, n) split into contiguous chunks on up to `threads` threads
// (0 = default). The calling thread takes one chunk. Exceptions propagate to the caller.
void parallelFor(int n, const std::function<void(int, int)> &fn, int threads = 0);

} // namespace difflens
