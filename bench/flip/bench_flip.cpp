// bench_flip REF TEST [RUNS] [THREADS]: times flipCpu on a decoded pair (decoding excluded,
// like the reference tool's "Evaluation time") and prints the mean and the best run.
#include "difflens/engine/flip.h"
#include "difflens/imaging/decode.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_flip REF TEST [RUNS] [THREADS]\n");
        return 2;
    }
    const int runs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 5;
    const int threads = argc > 4 ? std::atoi(argv[4]) : 0;
    const difflens::DecodeResult a = difflens::decodeImageFile(argv[1]);
    const difflens::DecodeResult b = difflens::decodeImageFile(argv[2]);
    if (!a.ok || !b.ok) {
        std::fprintf(stderr, "cannot read: %s\n", (!a.ok ? a.error : b.error).c_str());
        return 1;
    }
    double best = 1e30, total = 0, mean = 0;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        const difflens::FlipResult r = difflens::flipCpu(a.image.view(), b.image.view(), {}, threads);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        best = std::min(best, s);
        total += s;
        mean = r.mean;
    }
    std::printf("mean_flip=%.6f best_s=%.4f avg_s=%.4f runs=%d size=%dx%d\n", mean, best, total / runs, runs,
                a.image.width(), a.image.height());
    return 0;
}
