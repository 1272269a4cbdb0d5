#include "compareworker.h"

#include "imagebridge.h"

#include "difflens/imaging/decode.h"

#include <QElapsedTimer>

#include <future>

namespace difflens::ui {

namespace {

SideOutput prepareSide(const SideInput &in, int64_t maxPixels)
{
    SideOutput out;
    out.path = in.path;
    out.image = in.image;
    out.info = in.info;
    if (!out.image) {
        if (in.path.isEmpty())
            return out;
        DecodeOptions opt;
        opt.maxPixels = maxPixels;
        DecodeResult d = decodeImageFile(in.path.toStdString(), opt);
        if (!d.ok) {
            out.error = QString::fromStdString(d.error);
            if (out.error.isEmpty())
                out.error = QStringLiteral("cannot read the image");
            return out;
        }
        out.info.path = in.path.toStdString();
        out.info.width = d.image.width();
        out.info.height = d.image.height();
        out.info.channels = d.sourceChannels;
        out.info.depth = d.sourceDepth;
        out.image = std::make_shared<const Image>(std::move(d.image));
    }
    out.view = ViewImage::fullOnly(wrapImage(out.image)); // zero-copy; previews come later
    return out;
}

} // namespace

CompareOutcome runCompareWork(const CompareRequest &req)
{
    QElapsedTimer timer;
    timer.start();
    CompareOutcome out;
    out.generation = req.generation;
    // Decode B concurrently with A (both are usually PNG decodes of similar cost).
    const SideInput inB = req.b;
    const int64_t maxPixels = req.options.maxPixels;
    auto futureB = std::async(std::launch::async, [inB, maxPixels] { return prepareSide(inB, maxPixels); });
    out.a = prepareSide(req.a, maxPixels);
    out.b = futureB.get();
    out.decodeMs = double(timer.nsecsElapsed()) / 1e6;
    const bool canceled = req.cancel && req.cancel->load();
    if (canceled || !out.a.image || !out.b.image) {
        out.canceled = canceled;
        out.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
        return out;
    }
    CompareOptions opt = req.options;
    opt.keepImages = false;
    opt.job.wantDiffImage = true;
    opt.job.wantMask = true;
    opt.job.computeSsim = false;   // SSIM runs in the follow-up job, after the first paint
    out.options = req.options;
    out.options.job.isCanceled = nullptr;
    out.result = compareImages(*out.a.image, *out.b.image, out.a.info, out.b.info, opt);
    out.compareMs = double(timer.nsecsElapsed()) / 1e6 - out.decodeMs;
    if (out.result.job.canceled || (req.cancel && req.cancel->load())) {
        out.canceled = true;
    } else if (!out.result.ok) {
        out.compareError = QString::fromStdString(out.result.errorMessage());
    } else {
        out.compared = true;
        JobResult &job = out.result.job;
        if (!job.diff.isNull()) {
            out.diffImage = std::make_shared<const Image>(std::move(job.diff));
            job.diff = Image();
            out.diff = ViewImage::fullOnly(wrapImage(out.diffImage));
        }
        if (!job.mask.empty())
            out.maskBytes = std::make_shared<const std::vector<uint8_t>>(std::move(job.mask));
        job.mask = {};
    }
    out.result.imageA.reset();
    out.result.imageB.reset();
    out.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
    return out;
}

} // namespace difflens::ui
