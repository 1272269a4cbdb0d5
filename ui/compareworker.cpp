// The background comparison job (decode + pixel comparison), with every allocation checked.
#include "compareworker.h"

#include "imagebridge.h"
#include "memoryerror.h"

#include "difflens/compare/load.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <future>
#include <system_error>

namespace difflens::ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("difflens::ui::CompareWorker", text);
}

// The size of a side for messages: decoded, known from an earlier decode, or from the header.
void fillSize(SideOutput &out, const SideInput &in)
{
    if (out.image) {
        out.size = QSize(out.image->width(), out.image->height());
        out.depth = out.image->depth();
        return;
    }
    if (in.info.width > 0 && in.info.height > 0) {
        out.size = QSize(in.info.width, in.info.height);
        out.depth = in.info.depth > 8 ? 16 : 8;
        return;
    }
    ImageFileSize header;
    std::string error;
    if (!in.path.isEmpty() && probeImageFile(in.path.toStdString(), header, error) && header.width > 0) {
        out.size = QSize(header.width, header.height);
        out.depth = header.depth > 8 ? 16 : 8;
    }
}

SideOutput prepareSide(const SideInput &in, int64_t maxPixels)
{
    SideOutput out;
    out.path = in.path;
    out.image = in.image;
    out.info = in.info;
    if (!out.image) {
        if (in.path.isEmpty())
            return out;
        LoadedImage d = loadImageFile(in.path.toStdString(), maxPixels);
        if (!d.ok) {
            out.error = QString::fromStdString(d.error);
            out.outOfMemory = isOutOfMemoryText(out.error);
            if (d.header.width > 0 && d.header.height > 0) {
                out.size = QSize(d.header.width, d.header.height);
                out.depth = d.header.depth > 8 ? 16 : 8;
            } else if (out.outOfMemory) {
                fillSize(out, in);
            }
            return out;
        }
        out.info = d.info;
        out.image = std::make_shared<const Image>(std::move(d.image));
    }
    fillSize(out, in);
    out.view = ViewImage::fullOnly(wrapImage(out.image)); // zero-copy; previews come later
    return out;
}

// prepareSide() that never throws: a failure becomes the side's error.
SideOutput prepareSideGuarded(const SideInput &in, int64_t maxPixels)
{
    const SideInput *input = &in;
    return runGuarded([input, maxPixels] { return prepareSide(*input, maxPixels); },
                      [input](const QString &reason, bool oom) {
                          SideOutput out;
                          out.path = input->path;
                          out.image = input->image;
                          out.info = input->info;
                          out.error = reason.isEmpty() ? QStringLiteral("not enough memory") : reason;
                          out.outOfMemory = oom;
                          fillSize(out, *input);
                          return out;
                      });
}

// The pair does not fit: one message for every pane; what this job decoded is released.
void failForMemory(CompareOutcome &out, const CompareRequest &req)
{
    out.outOfMemory = true;
    out.compared = false;
    const qint64 needed = estimateDisplayBytes(out.a.size, out.a.depth, out.b.size, out.b.depth);
    out.compareError = outOfMemoryMessage(out.a.size, out.b.size, needed);
    for (auto pair : {std::make_pair(&out.a, &req.a), std::make_pair(&out.b, &req.b)}) {
        SideOutput &side = *pair.first;
        side.view = {};
        if (!pair.second->image)
            side.image.reset(); // decoded here: give it back (the next compare decodes again)
        if (side.outOfMemory)
            side.error.clear();
    }
    out.diffImage.reset();
    out.diff = {};
    out.maskBytes.reset();
    out.result.job.diff = Image();
    out.result.job.mask = {};
    out.result.job.regions = {};
}

CompareOutcome compareWork(const CompareRequest &req)
{
    QElapsedTimer timer;
    timer.start();
    CompareOutcome out;
    out.generation = req.generation;
    // Decode B concurrently with A (both are usually PNG decodes of similar cost); here,
    // after A, when no thread can be started.
    const SideInput inB = req.b;
    const int64_t maxPixels = req.options.maxPixels;
    auto decodeB = [inB, maxPixels] { return prepareSideGuarded(inB, maxPixels); };
    std::future<SideOutput> futureB;
    try {
        futureB = std::async(std::launch::async, decodeB);
    } catch (const std::system_error &) {
        futureB = std::async(std::launch::deferred, decodeB);
    }
    out.a = prepareSideGuarded(req.a, maxPixels);
    out.b = futureB.get();
    out.decodeMs = double(timer.nsecsElapsed()) / 1e6;
    const bool canceled = req.cancel && req.cancel->load();
    if (canceled || !out.a.image || !out.b.image) {
        out.canceled = canceled;
        if (!canceled && (out.a.outOfMemory || out.b.outOfMemory))
            failForMemory(out, req);
        out.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
        return out;
    }
    CompareOptions opt = req.options;
    opt.keepImages = false;
    opt.job.wantDiffImage = true;
    opt.job.wantMask = true;
    opt.job.computeSsim = false;   // SSIM runs in the follow-up job, after the first paint
    opt.job.computeFlip = false;   // so does FLIP (fliplayer.h)
    out.options = req.options;
    out.options.job.isCanceled = nullptr;
    out.result = compareImages(*out.a.image, *out.b.image, out.a.info, out.b.info, opt);
    out.compareMs = double(timer.nsecsElapsed()) / 1e6 - out.decodeMs;
    if (out.result.job.canceled || (req.cancel && req.cancel->load())) {
        out.canceled = true;
    } else if (!out.result.ok) {
        out.compareError = QString::fromStdString(out.result.errorMessage());
        if (isOutOfMemoryText(out.compareError))
            failForMemory(out, req);
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

} // namespace

CompareOutcome runCompareWork(const CompareRequest &req)
{
    const CompareRequest *r = &req;
    return runGuarded([r] { return compareWork(*r); },
                      [r](const QString &reason, bool oom) { return failedCompareOutcome(*r, reason, oom); });
}

CompareOutcome failedCompareOutcome(const CompareRequest &req, const QString &reason, bool outOfMemory)
{
    CompareOutcome out;
    out.generation = req.generation;
    out.canceled = req.cancel && req.cancel->load();
    for (auto pair : {std::make_pair(&out.a, &req.a), std::make_pair(&out.b, &req.b)}) {
        SideOutput &side = *pair.first;
        side.path = pair.second->path;
        side.image = pair.second->image; // kept by the session anyway
        side.info = pair.second->info;
        fillSize(side, *pair.second);
    }
    if (outOfMemory) {
        failForMemory(out, req);
    } else {
        out.compareError = tr("The comparison failed: %1").arg(reason);
    }
    return out;
}

} // namespace difflens::ui
