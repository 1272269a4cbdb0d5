#pragma once
// Internal: radix-2 complex FFT (in place, iterative) and its 2-D form over a row-major
// plane, for the phase correlation of align.cpp.
#include <complex>
#include <vector>

namespace difflens::detail {

// n must be a power of two. inverse: e^{+i...} and no 1/n scaling.
void fft1d(std::complex<float> *data, int n, bool inverse);

// width x height plane, row-major; both powers of two. Threads: 0 = default.
void fft2d(std::vector<std::complex<float>> &plane, int width, int height, bool inverse, int threads = 0);

// Smallest power of two >= n (n >= 1).
int nextPowerOfTwo(int n);

} // namespace difflens::detail
