#include "bench_run.h"

#include "synth.h"

#include "difflens/engine/planner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace difflens::bench {

namespace {

bool readRaw(const std::string &path, Image &img, std::string &error)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        error = "cannot open " + path;
        return false;
    }
    f.read(reinterpret_cast<char *>(img.data()), std::streamsize(img.byteSize()));
    if (size_t(f.gcount()) != img.byteSize()) {
        error = path + ": expected " + std::to_string(img.byteSize()) + " bytes of raw RGBA";
        return false;
    }
    return true;
}

std::string num(double v)
{
    if (!std::isfinite(v))
        return "null";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

} // namespace

Pair loadOrGenerate(const BenchOptions &o)
{
    Pair p;
    if (!o.rawA.empty() || !o.rawB.empty()) {
        p.a = Image(o.width, o.height, 4, o.depth);
        p.b = Image(o.width, o.height, 4, o.depth);
        if (!readRaw(o.rawA, p.a, p.error) || !readRaw(o.rawB, p.b, p.error))
            p.a = p.b = Image();
        return p;
    }
    synth::Pair s = synth::makePair(o.width, o.height, o.seed, o.depth);
    p.a = std::move(s.a);
    p.b = std::move(s.b);
    return p;
}

JobOptions jobOptions(const BenchOptions &o)
{
    JobOptions jo;
    jo.device = o.device;
    jo.tier = o.tier;
    jo.memoryBudget = o.budget;
    jo.computeSsim = o.ssim;
    jo.wantDiffImage = o.wantDiff;
    jo.wantMask = o.wantMask;
    jo.threads = o.threads;
    jo.tileSize = o.tileSize;
    if (!o.injectStage.empty()) {
        // One simulated out-of-memory at the first hit of the stage.
        auto fired = std::make_shared<bool>(false);
        const std::string stage = o.injectStage;
        jo.faultInjector = [fired, stage](const std::string &s, Tier, Device) {
            if (*fired || s != stage)
                return false;
            *fired = true;
            return true;
        };
    }
    if (o.verbose)
        jo.log = [](const std::string &line) { std::cerr << line << "\n"; };
    return jo;
}

JobResult runTimed(const ImageView &a, const ImageView &b, const JobOptions &jo, int repeat,
                   std::vector<double> &wallMs)
{
    JobResult r;
    for (int i = 0; i < std::max(1, repeat); ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        r = runJob(a, b, jo);
        wallMs.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    return r;
}

std::string jsonString(const std::string &s)
{
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
            continue;
        }
        out += c;
    }
    return out + "\"";
}

std::string resultJson(const BenchOptions &o, const JobResult &r, const std::vector<double> &wallMs)
{
    const PlanInfo &p = r.plan;
    std::ostringstream j;
    j << "{\"size\":\"" << o.width << "x" << o.height << "\",\"depth\":" << o.depth << ",\"ok\":"
      << (r.ok ? "true" : "false") << ",\"canceled\":" << (r.canceled ? "true" : "false")
      << ",\"error\":" << jsonString(r.error);
    j << ",\"plan\":{\"device\":" << jsonString(p.device) << ",\"backend\":" << jsonString(p.backend)
      << ",\"tier\":\"" << toString(p.tier) << "\""
      << ",\"tile\":\"" << p.tileWidth << "x" << p.tileHeight << "\",\"tiles\":" << p.tileCount
      << ",\"estimatedPeakBytes\":" << p.estimatedPeakBytes << ",\"peakBytes\":" << p.peakBytes
      << ",\"budgetBytes\":" << p.budgetBytes << ",\"memoryRatio\":" << num(p.memoryRatio)
      << ",\"memoryStatus\":" << jsonString(p.memoryStatus) << ",\"retries\":" << p.retries
      << ",\"retryReasons\":[";
    for (size_t i = 0; i < p.retryReasons.size(); ++i)
        j << (i ? "," : "") << jsonString(p.retryReasons[i]);
    j << "]},\"stageMs\":{";
    for (size_t i = 0; i < p.stageMs.size(); ++i)
        j << (i ? "," : "") << jsonString(p.stageMs[i].first) << ":" << num(p.stageMs[i].second);
    j << "},\"wallMs\":[";
    for (size_t i = 0; i < wallMs.size(); ++i)
        j << (i ? "," : "") << num(wallMs[i]);
    j << "],\"results\":{\"mismatched\":" << r.counts.mismatched << ",\"antiAliased\":" << r.counts.antiAliased
      << ",\"totalPixels\":" << r.totalPixels << ",\"differing\":" << r.stats.differing
      << ",\"maxDelta\":" << r.stats.maxDelta << ",\"mae\":" << num(r.stats.mae) << ",\"psnr\":" << num(r.stats.psnr)
      << ",\"regions\":" << r.regions.size()
      << ",\"ssimMean\":" << (r.ssim ? num(r.ssim->mean) : std::string("null"))
      << ",\"ssimLowRegions\":" << (r.ssim ? std::to_string(r.ssim->lowRegions.size()) : std::string("null"))
      << "}}";
    return j.str();
}

bool sameResults(const JobResult &x, const JobResult &y, double ssimTol, std::string &why)
{
    if (!x.ok || !y.ok) {
        why = "a run failed";
        return false;
    }
    if (!(x.counts == y.counts)) {
        why = "pixelmatch counts differ";
        return false;
    }
    if (x.totalPixels != y.totalPixels || x.stats.differing != y.stats.differing ||
        x.stats.maxDelta != y.stats.maxDelta || x.stats.mae != y.stats.mae) {
        why = "exact statistics differ";
        return false;
    }
    if (x.regions != y.regions) {
        why = "regions differ";
        return false;
    }
    if (x.diff.byteSize() != y.diff.byteSize() ||
        (x.diff.byteSize() && std::memcmp(x.diff.data(), y.diff.data(), x.diff.byteSize()) != 0)) {
        why = "diff images differ";
        return false;
    }
    if (x.mask != y.mask) {
        why = "masks differ";
        return false;
    }
    if (x.ssim.has_value() != y.ssim.has_value() ||
        (x.ssim && std::fabs(x.ssim->mean - y.ssim->mean) > ssimTol)) {
        why = "SSIM means differ";
        return false;
    }
    if (x.ssim && x.ssim->map.data.size() == y.ssim->map.data.size()) {
        double worst = 0;
        for (size_t i = 0; i < x.ssim->map.data.size(); ++i)
            worst = std::max(worst, double(std::fabs(x.ssim->map.data[i] - y.ssim->map.data[i])));
        if (worst > ssimTol) {
            why = "SSIM maps differ by " + num(worst);
            return false;
        }
    }
    if (x.ssim && x.ssim->lowRegions != y.ssim->lowRegions) {
        why = "low-SSIM regions differ";
        return false;
    }
    return true;
}

} // namespace difflens::bench
