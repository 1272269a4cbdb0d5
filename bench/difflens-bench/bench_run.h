#pragma once
// Shared pieces of difflens-bench: options, input pairs, one timed job, JSON output.
#include "difflens/engine/job.h"

#include <cstdint>
#include <string>
#include <vector>

namespace difflens::bench {

struct BenchOptions {
    int width = 4096, height = 4096;
    int depth = 8;
    uint64_t seed = 1;
    std::string rawA, rawB;        // raw interleaved RGBA files (size/depth from options)
    Device device = Device::Auto;
    Tier tier = Tier::Auto;
    int64_t budget = 0;
    bool ssim = false;
    bool wantDiff = true;
    bool wantMask = false;
    int repeat = 1;
    int threads = 0;
    int tileSize = 0;
    std::string injectStage;       // inject one out-of-memory at this stage (first hit)
    bool verbose = false;          // print the job log lines to stderr
};

struct Pair {
    Image a, b;
    std::string error;
};

Pair loadOrGenerate(const BenchOptions &o);
JobOptions jobOptions(const BenchOptions &o);
// Runs the job `repeat` times; returns the last result and the per-run wall times.
JobResult runTimed(const ImageView &a, const ImageView &b, const JobOptions &jo, int repeat,
                   std::vector<double> &wallMs);

std::string jsonString(const std::string &s);
std::string resultJson(const BenchOptions &o, const JobResult &r, const std::vector<double> &wallMs);

// Outputs identical (counts, stats, regions, diff, mask; SSIM mean within tol)? `why` set if not.
bool sameResults(const JobResult &x, const JobResult &y, double ssimTol, std::string &why);

int runMatrix(const BenchOptions &base, bool small);
int runCalibrate(const BenchOptions &base);
int runMonitorCost();

} // namespace difflens::bench
