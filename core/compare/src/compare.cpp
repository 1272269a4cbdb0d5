#include "difflens/compare/compare.h"

#include "compare_stream.h"
#include "depth.h"
#include "pipeline_log.h"

#include "difflens/compare/heatmap.h"
#include "difflens/engine/align.h"
#include "difflens/engine/planner.h"
#include "difflens/engine/stream.h"
#include "difflens/imaging/decode.h"
#include "difflens/imaging/encode.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <future>
#include <utility>

namespace difflens {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

CompareResult failure(std::string file, std::string reason)
{
    CompareResult r;
    r.ok = false;
    r.errorFile = std::move(file);
    r.errorReason = std::move(reason);
    return r;
}

ImageInfo infoFrom(const std::string &path, const DecodeResult &d)
{
    ImageInfo info;
    info.path = path;
    info.width = d.image.width();
    info.height = d.image.height();
    info.channels = d.sourceChannels > 0 ? d.sourceChannels : d.image.channels();
    info.depth = d.sourceDepth > 0 ? d.sourceDepth : d.image.depth();
    return info;
}

DecodeResult decodeGuarded(const std::string &path, const DecodeOptions &opt)
{
    try {
        return decodeImageFile(path, opt);
    } catch (const std::exception &e) {
        DecodeResult d;
        d.error = e.what();
        return d;
    } catch (...) {
        DecodeResult d;
        d.error = "unexpected decoder failure";
        return d;
    }
}

bool tooLarge(const Image &img, int64_t maxPixels)
{
    return maxPixels > 0 && int64_t(img.width()) * img.height() > maxPixels;
}

// The FLIP map as an 8-bit PNG: grey levels, or their magma colours.
bool writeFlipMap(const std::string &path, const FloatImage &map, bool grey, std::string &error)
{
    Image out(map.width, map.height, grey ? 1 : 3, 8);
    for (int y = 0; y < map.height; ++y)
        flipErrorRowToPixels(map.data.data() + size_t(y) * size_t(map.width), map.width, grey, out.row(y));
    return writePng(path, out.view(), error);
}

} // namespace

std::string CompareResult::errorMessage() const
{
    if (errorFile.empty())
        return errorReason;
    return errorFile + ": " + errorReason;
}

CompareResult compareImages(const Image &a, const Image &b, ImageInfo infoA, ImageInfo infoB,
                            const CompareOptions &opt)
{
    if (a.isNull())
        return failure(infoA.path, "empty image");
    if (b.isNull())
        return failure(infoB.path, "empty image");
    if (tooLarge(a, opt.maxPixels))
        return failure(infoA.path, "image exceeds the pixel limit of " + std::to_string(opt.maxPixels));
    if (tooLarge(b, opt.maxPixels))
        return failure(infoB.path, "image exceeds the pixel limit of " + std::to_string(opt.maxPixels));

    CompareResult r;
    r.ok = true;
    r.a = std::move(infoA);
    r.b = std::move(infoB);
    r.layoutDiffers = a.width() != b.width() || a.height() != b.height();
    if (r.layoutDiffers && opt.failOnLayout) {
        r.identical = false;
        return r;
    }

    // Mixed depth: compare at 8 bits (the 16-bit side is rounded down to 8 bits).
    Image converted;
    ImageView va = a.view(), vb = b.view();
    if (va.depth != vb.depth) {
        converted = detail::convert16To8(va.depth == 16 ? va : vb);
        (va.depth == 16 ? va : vb) = converted.view();
    }
    JobOptions job = opt.job;
    if (opt.align) {
        // B(x, y) against A(x + dx, y + dy) over the overlap, when the estimate is confident.
        const AlignEstimate estimate = estimateAlignment(greyFromView(va), greyFromView(vb));
        r.alignment = detail::resolveAlignment(estimate, opt.alignMinConfidence, va.width, va.height, vb.width,
                                               vb.height);
    }
    if (r.alignment.applied) {
        va = va.sub(detail::overlapInA(r.alignment));
        vb = vb.sub(r.alignment.overlap);
        job.ignore = detail::ignoreInOverlap(job.ignore, r.alignment.overlap);
    } else if (r.layoutDiffers) {
        // Different sizes: compare the common top-left area.
        const Rect common{0, 0, std::min(va.width, vb.width), std::min(va.height, vb.height)};
        va = va.sub(common);
        vb = vb.sub(common);
    }

    if (!opt.diffImagePath.empty())
        job.wantDiffImage = true;
    if (!opt.flipMapPath.empty()) {
        job.computeFlip = true;
        job.flip.wantMap = true;
    }
    detail::routeEngineLog(job);

    const auto compareStart = Clock::now();
    try {
        r.job = runJob(va, vb, job);
    } catch (const std::exception &e) {
        r.job.ok = false;
        r.job.error = e.what();
    }
    r.timings.compareMs = msSince(compareStart);
    if (!r.job.ok) {
        CompareResult f = failure("", r.job.canceled ? "canceled" : r.job.error);
        f.a = r.a;
        f.b = r.b;
        return f;
    }
    r.exactDiffering = r.job.stats.differing;
    r.identical = !r.layoutDiffers && r.exactDiffering == 0 &&
                  !(r.alignment.applied && (r.alignment.dx != 0 || r.alignment.dy != 0));

    if (!opt.diffImagePath.empty()) {
        const auto encodeStart = Clock::now();
        std::string err;
        if (!writePng(opt.diffImagePath, r.job.diff.view(), err)) {
            CompareResult f = failure(opt.diffImagePath, err.empty() ? "cannot write the diff image" : err);
            f.a = r.a;
            f.b = r.b;
            return f;
        }
        r.timings.encodeMs = msSince(encodeStart);
    }
    if (!opt.flipMapPath.empty() && r.job.flip) {
        const auto encodeStart = Clock::now();
        std::string err;
        if (!writeFlipMap(opt.flipMapPath, r.job.flip->map, opt.flipMapGrey, err)) {
            CompareResult f = failure(opt.flipMapPath, err.empty() ? "cannot write the FLIP map" : err);
            f.a = r.a;
            f.b = r.b;
            return f;
        }
        if (!opt.job.flip.wantMap)
            r.job.flip->map = FloatImage(); // written; not asked for in the result
        r.timings.encodeMs += msSince(encodeStart);
    }
    r.job.plan.processPeakBytes = processPeakRssBytes();
    return r;
}

CompareResult compareFiles(const std::string &pathA, const std::string &pathB, const CompareOptions &opt)
{
    if (opt.job.tier == Tier::Low) // display quality only, on every path (runJob refuses it too)
        return failure({}, kLowTierIsDisplayOnly);
    if (detail::wantsStreaming(opt))
        return detail::compareFilesStreamed(pathA, pathB, opt);
    DecodeOptions dopt;
    dopt.maxPixels = opt.maxPixels;

    // Decode A and B in parallel: B on a worker thread, A on this one.
    const auto decodeStart = Clock::now();
    DecodeResult da, db;
    try {
        auto futureB = std::async(std::launch::async, [pathB, dopt]() { return decodeGuarded(pathB, dopt); });
        da = decodeGuarded(pathA, dopt);
        db = futureB.get();
    } catch (const std::exception &) {
        // No thread available: decode sequentially.
        da = decodeGuarded(pathA, dopt);
        db = decodeGuarded(pathB, dopt);
    }
    const double decodeMs = msSince(decodeStart);

    if (!da.ok || !db.ok) {
        CompareResult f = !da.ok ? failure(pathA, da.error.empty() ? "cannot decode the image" : da.error)
                                 : failure(pathB, db.error.empty() ? "cannot decode the image" : db.error);
        f.a.path = pathA;
        f.b.path = pathB;
        f.timings.decodeMs = decodeMs;
        return f;
    }

    ImageInfo infoA = infoFrom(pathA, da), infoB = infoFrom(pathB, db);
    auto imageA = std::make_shared<Image>(std::move(da.image));
    auto imageB = std::make_shared<Image>(std::move(db.image));

    CompareResult r = compareImages(*imageA, *imageB, std::move(infoA), std::move(infoB), opt);
    r.timings.decodeMs = decodeMs;
    if (opt.keepImages) {
        r.imageA = std::move(imageA);
        r.imageB = std::move(imageB);
    }
    return r;
}

} // namespace difflens
