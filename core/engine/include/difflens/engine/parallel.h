#pragma once
// Minimal data-parallel helper for engine hot paths (no Qt in the engine).
#include <functional>

namespace difflens {

// Number of worker threads the engine uses by default (hardware concurrency, >= 1).
int defaultThreadCount();

// Runs fn(begin, end) over [0, n) split into contiguous chunks on up to `threads` threads
// (0 = default). The calling thread takes one chunk. Every chunk runs exactly once: when a
// worker thread cannot be started (std::thread throws, e.g. at a thread or memory limit),
// its chunk runs on the calling thread instead. Exceptions from fn propagate to the caller
// (the first chunk's in chunk order) after every started thread has been joined.
void parallelFor(int n, const std::function<void(int, int)> &fn, int threads = 0);

namespace detail {

// Test seam: in every later parallelFor call, the first `failAfter` worker threads start and
// each further one fails to start as if std::thread had thrown std::system_error
// (resource_unavailable_try_again). A negative value (the default) turns it off.
void setThreadStartFailureForTesting(int failAfter);

} // namespace detail

} // namespace difflens
