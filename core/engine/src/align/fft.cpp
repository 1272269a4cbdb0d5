// Radix-2 complex FFT for the phase correlation of the auto-alignment (fft.h).
#include "align/fft.h"

#include "difflens/engine/parallel.h"

#include <cmath>
#include <utility>

namespace difflens::detail {

int nextPowerOfTwo(int n)
{
    int p = 1;
    while (p < n)
        p <<= 1;
    return p;
}

void fft1d(std::complex<float> *data, int n, bool inverse)
{
    // Bit-reversal permutation.
    for (int i = 1, j = 0; i < n; ++i) {
        int bit = n >> 1;
        for (; j & bit; bit >>= 1)
            j ^= bit;
        j ^= bit;
        if (i < j)
            std::swap(data[i], data[j]);
    }
    // Butterflies; twiddles in double, rotated per stage from an exact start.
    for (int len = 2; len <= n; len <<= 1) {
        const double angle = (inverse ? 2.0 : -2.0) * M_PI / len;
        const int half = len / 2;
        std::vector<std::complex<float>> twiddle(static_cast<size_t>(half));
        for (int k = 0; k < half; ++k)
            twiddle[size_t(k)] = std::complex<float>(float(std::cos(angle * k)), float(std::sin(angle * k)));
        for (int i = 0; i < n; i += len) {
            for (int k = 0; k < half; ++k) {
                const std::complex<float> u = data[i + k];
                const std::complex<float> v = data[i + k + half] * twiddle[size_t(k)];
                data[i + k] = u + v;
                data[i + k + half] = u - v;
            }
        }
    }
}

void fft2d(std::vector<std::complex<float>> &plane, int width, int height, bool inverse, int threads)
{
    // parallelFor returns when every chunk is done: the plain pointer stays valid.
    std::complex<float> *data = plane.data();
    parallelFor(
        height,
        [data, width, inverse](int y0, int y1) {
            for (int y = y0; y < y1; ++y)
                fft1d(data + size_t(y) * size_t(width), width, inverse);
        },
        threads);
    parallelFor(
        width,
        [data, width, height, inverse](int x0, int x1) {
            std::vector<std::complex<float>> column(static_cast<size_t>(height));
            for (int x = x0; x < x1; ++x) {
                for (int y = 0; y < height; ++y)
                    column[size_t(y)] = data[size_t(y) * size_t(width) + size_t(x)];
                fft1d(column.data(), height, inverse);
                for (int y = 0; y < height; ++y)
                    data[size_t(y) * size_t(width) + size_t(x)] = column[size_t(y)];
            }
        },
        threads);
}

} // namespace difflens::detail
