// difflens-bench: runs the engine's job pipeline on generated (or raw) image pairs and
// prints JSON with stage timings, peak memory, the plan and the results.
//
//   difflens-bench [--size WxH] [--depth 8|16] [--seed N] [--raw A B]
//                  [--device auto|cpu|cuda] [--budget 512M|2G] [--tier auto|high|medium]
//                  [--ssim] [--no-diff] [--mask]
//                  [--repeat N] [--threads N] [--tile N] [--inject-oom STAGE] [--verbose]
//   difflens-bench --matrix [--small]   configurations table (GPU check script)
//   difflens-bench --calibrate          CPU peak memory vs the planner's estimate
//   difflens-bench --monitor            cost of one memory-monitor sample
#include "bench_run.h"

#include "difflens/engine/planner.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

using namespace difflens;
using namespace difflens::bench;

namespace {

int usage(const std::string &why)
{
    std::cerr << "difflens-bench: " << why << "\n"
              << "usage: difflens-bench [--size WxH] [--depth 8|16] [--seed N] [--raw A B] [--device auto|cpu|cuda]\n"
                 "       [--budget 512M] [--tier auto|high|medium]\n"
                 "       [--ssim] [--no-diff] [--mask] [--repeat N] [--threads N] [--tile N]\n"
                 "       [--inject-oom STAGE] [--verbose] | --matrix [--small] | --calibrate | --monitor\n";
    return 2;
}

bool parseInt(const std::string &s, int &out)
{
    char *end = nullptr;
    const long v = std::strtol(s.c_str(), &end, 10);
    if (end == s.c_str() || *end != '\0' || v < 0 || v > (1 << 30))
        return false;
    out = int(v);
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    BenchOptions o;
    enum class Mode { Single, Matrix, Calibrate, Monitor } mode = Mode::Single;
    bool small = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](std::string &out) {
            if (i + 1 >= argc)
                return false;
            out = argv[++i];
            return true;
        };
        std::string v;
        if (arg == "--matrix") {
            mode = Mode::Matrix;
        } else if (arg == "--small") {
            small = true;
        } else if (arg == "--calibrate") {
            mode = Mode::Calibrate;
        } else if (arg == "--monitor") {
            mode = Mode::Monitor;
        } else if (arg == "--ssim") {
            o.ssim = true;
        } else if (arg == "--no-diff") {
            o.wantDiff = false;
        } else if (arg == "--mask") {
            o.wantMask = true;
        } else if (arg == "--verbose") {
            o.verbose = true;
        } else if (arg == "--size") {
            if (!value(v) || std::sscanf(v.c_str(), "%dx%d", &o.width, &o.height) != 2 || o.width <= 0 || o.height <= 0)
                return usage("--size needs WxH");
        } else if (arg == "--raw") {
            if (!value(o.rawA) || !value(o.rawB))
                return usage("--raw needs two files");
        } else if (arg == "--device") {
            if (!value(v))
                return usage("--device needs a value");
            if (v == "auto")
                o.device = Device::Auto;
            else if (v == "cpu")
                o.device = Device::Cpu;
            else if (v == "cuda")
                o.device = Device::Cuda;
            else
                return usage("unknown device " + v);
        } else if (arg == "--tier") {
            if (!value(v))
                return usage("--tier needs a value");
            if (v == "auto")
                o.tier = Tier::Auto;
            else if (v == "high")
                o.tier = Tier::High;
            else if (v == "medium")
                o.tier = Tier::Medium;
            else if (v == "low")
                return usage(kLowTierIsDisplayOnly);
            else
                return usage("unknown tier " + v);
        } else if (arg == "--budget") {
            if (!value(v) || (o.budget = parseByteSize(v)) <= 0)
                return usage("--budget needs a size such as 512M or 2G");
        } else if (arg == "--inject-oom") {
            if (!value(o.injectStage))
                return usage("--inject-oom needs a stage name");
        } else if (arg == "--depth" || arg == "--repeat" || arg == "--threads" || arg == "--tile" ||
                   arg == "--seed") {
            int n = 0;
            if (!value(v) || !parseInt(v, n))
                return usage(arg + " needs a non-negative integer");
            if (arg == "--depth")
                o.depth = n;
            else if (arg == "--repeat")
                o.repeat = std::max(1, n);
            else if (arg == "--threads")
                o.threads = n;
            else if (arg == "--tile")
                o.tileSize = n;
            else
                o.seed = uint64_t(n);
        } else {
            return usage("unknown option " + arg);
        }
    }
    if (o.depth != 8 && o.depth != 16)
        return usage("--depth must be 8 or 16");

    switch (mode) {
    case Mode::Matrix: return runMatrix(o, small);
    case Mode::Calibrate: return runCalibrate(o);
    case Mode::Monitor: return runMonitorCost();
    case Mode::Single: break;
    }

    Pair p = loadOrGenerate(o);
    if (!p.error.empty()) {
        std::cerr << "difflens-bench: " << p.error << "\n";
        return 1;
    }
    std::vector<double> wallMs;
    const JobResult r = runTimed(p.a.view(), p.b.view(), jobOptions(o), o.repeat, wallMs);
    std::cout << resultJson(o, r, wallMs) << std::endl;
    return r.ok ? 0 : 1;
}
