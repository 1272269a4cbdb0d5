// The follow-up layers job: heatmap, mask, SSIM map and preview pyramids, each step checked.
#include "layersworker.h"

#include "colormap.h"
#include "imagebridge.h"
#include "memoryerror.h"

#include "difflens/compare/heatmap.h"
#include "difflens/compare/reduce.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QStringList>

#include <algorithm>
#include <cstdlib>
#include <future>
#include <system_error>

namespace difflens::ui {

namespace {

ViewImage maskLayer(const std::vector<uint8_t> &mask, int w, int h, const QColor &diff, const QColor &aa)
{
    if (w <= 0 || h <= 0 || mask.size() < size_t(w) * size_t(h))
        return {};
    // Display order (reduce.h) so max-pooled previews keep differences visible.
    auto bytes = std::make_shared<std::vector<uint8_t>>(size_t(w) * size_t(h));
    maskToDisplayOrder(mask.data(), bytes->size(), bytes->data());
    return ViewImage(wrapIndexed(bytes, w, h, maskTable(diff, aa)), ViewImage::Reduce::Max);
}

ViewImage ssimLayer(const FloatImage &map, const QVector<QRgb> &table)
{
    if (map.width <= 0 || map.height <= 0)
        return {};
    auto bytes = std::make_shared<std::vector<uint8_t>>(map.data.size());
    ssimToShade(map.data.data(), map.data.size(), bytes->data());
    return ViewImage(wrapIndexed(bytes, map.width, map.height, table), ViewImage::Reduce::Max);
}

bool isCanceled(const LayersRequest &req) { return req.cancel && req.cancel->load(); }

QString tr(const char *text)
{
    return QCoreApplication::translate("difflens::ui::LayersWorker", text);
}

// What the layers job allocates beside what the comparison already holds: heat and mask
// bytes, their previews, the previews of A, B and the diff, and the SSIM map when asked for.
qint64 layersBytes(const LayersRequest &req)
{
    const QSize frame = req.viewA.size().expandedTo(req.viewB.size());
    const qint64 px = qint64(frame.width()) * qint64(frame.height());
    qint64 bytes = 2 * (px + ViewImage::previewBytes(frame, true));
    for (const ViewImage *v : {&req.viewA, &req.viewB, &req.diff})
        bytes += ViewImage::previewBytes(v->size(), false);
    if (req.options.job.computeSsim)
        bytes += px * (4 + 1);
    return bytes;
}

struct HeatLayer {
    ViewImage view;
    int peak = 0;
    QString error;
    bool outOfMemory = false;
};

HeatLayer heatLayer(const std::shared_ptr<const Image> &a, const std::shared_ptr<const Image> &b, Rect inA, Rect inB)
{
    HeatLayer h;
    try { // with --align, over the compared overlap (inA, inB), as the diff
        h.view = inA.empty() ? heatmapLayer(*a, *b, &h.peak) : heatmapLayer(a->view().sub(inA), b->view().sub(inB), &h.peak);
    } catch (...) {
        h.view = {};
        h.error = describeException(std::current_exception(), &h.outOfMemory);
    }
    return h;
}

// What did not fit (or failed otherwise) while building the layers.
struct Failures {
    QStringList parts; // "heatmap", "previews", …
    bool outOfMemory = false;
    QString other; // the first failure that was not for memory

    void add(const QString &part, bool oom, const QString &reason)
    {
        if (!parts.contains(part))
            parts << part;
        outOfMemory = outOfMemory || oom;
        if (!oom && other.isEmpty())
            other = reason;
    }
    void addPreviews(const ViewImage &v)
    {
        if (v.previewsFailed())
            add(tr("previews"), true, {});
    }
    // Runs `step` (on this thread); an exception marks `part` as failed.
    template <typename Step> void run(const QString &part, Step &&step)
    {
        try {
            step();
        } catch (...) {
            bool oom = false;
            const QString reason = describeException(std::current_exception(), &oom);
            add(part, oom, reason);
        }
    }
    QString names() const
    {
        if (parts.size() <= 1)
            return tr("the %1").arg(parts.value(0));
        return tr("the %1 and %2")
            .arg(QStringList(parts.mid(0, parts.size() - 1)).join(QStringLiteral(", ")), parts.last());
    }
};

} // namespace

ViewImage heatmapLayer(const Image &a, const Image &b, int *peak) { return heatmapLayer(a.view(), b.view(), peak); }

ViewImage heatmapLayer(const ImageView &a, const ImageView &b, int *peak)
{
    auto bytes = std::make_shared<std::vector<uint8_t>>();
    int top = 0;
    if (!heatmapIndices(a, b, *bytes, top))
        return {};
    if (peak)
        *peak = top;
    const std::array<uint32_t, 256> &ramp = heatRampTable();
    const QVector<QRgb> table(ramp.begin(), ramp.end());
    return ViewImage(wrapIndexed(bytes, a.width, a.height, table), ViewImage::Reduce::Max);
}

LayersOutcome runLayersWork(const LayersRequest &req)
{
    QElapsedTimer timer;
    timer.start();
    LayersOutcome out;
    out.generation = req.generation;
    if (!req.a || !req.b) {
        out.canceled = true;
        return out;
    }
    const QVector<QRgb> table = colormapTable(req.colormap);
    // The heatmap of the whole frame runs beside the rest (it is the largest single layer);
    // here, when no thread can be started (its stack did not fit, say).
    std::future<HeatLayer> heatFuture;
    try {
        heatFuture = std::async(std::launch::async, heatLayer, req.a, req.b, req.overlapA, req.overlapB);
    } catch (const std::system_error &) {
        heatFuture = std::async(std::launch::deferred, heatLayer, req.a, req.b, req.overlapA, req.overlapB);
    }
    Failures failed;
    if (req.maskBytes) {
        LayersOutcome *o = &out;
        const LayersRequest *r = &req;
        failed.run(tr("mask"), [o, r] {
            o->mask = maskLayer(*r->maskBytes, r->maskWidth, r->maskHeight, r->diffColor, r->aaColor);
        });
        failed.addPreviews(out.mask);
    }
    out.diff = req.diff.withPreviews(); // never throws: a level that does not fit is reported
    failed.addPreviews(out.diff);
    if (!isCanceled(req)) {
        out.viewA = req.viewA.withPreviews();
        out.viewB = req.viewB.withPreviews();
        failed.addPreviews(out.viewA);
        failed.addPreviews(out.viewB);
    }
    if (req.options.job.computeSsim && !isCanceled(req)) {
        CompareOptions opt = req.options;
        opt.keepImages = false;
        opt.job.wantDiffImage = false;
        opt.job.wantMask = false;
        opt.job.computeSsim = true;
        opt.job.ssim.wantMap = true;
        LayersOutcome *o = &out;
        const QVector<QRgb> *t = &table;
        failed.run(tr("SSIM map"), [o, t, &req, &opt] {
            CompareResult r = compareImages(*req.a, *req.b, req.infoA, req.infoB, opt);
            if (r.ok && r.job.ssim) {
                auto map = std::make_shared<FloatImage>(std::move(r.job.ssim->map));
                r.job.ssim->map = {};
                o->ssim = ssimLayer(*map, *t);
                o->ssimMap = map;
                o->ssimResult = std::move(r.job.ssim);
            } else if (!r.ok && !r.job.canceled) {
                o->error = QString::fromStdString(r.errorMessage());
            }
        });
        if (isOutOfMemoryText(out.error)) {
            failed.add(tr("SSIM map"), true, {});
            out.error.clear();
        }
        failed.addPreviews(out.ssim);
    }
    if (req.options.job.computeFlip && !isCanceled(req))
        out.flip = flipLayer(*req.a, *req.b, req.infoA, req.infoB, req.options);
    HeatLayer heat = heatFuture.get(); // heatLayer catches everything itself
    out.heat = heat.view;
    out.heatPeak = heat.peak;
    if (!heat.error.isEmpty())
        failed.add(tr("heatmap"), heat.outOfMemory, heat.error);
    failed.addPreviews(out.heat);
    if (!failed.parts.isEmpty()) {
        out.outOfMemory = failed.outOfMemory;
        const QSize frame = req.viewA.size().expandedTo(req.viewB.size());
        out.layersError = failed.outOfMemory ? outOfMemoryPartMessage(failed.names(), frame, layersBytes(req))
                                             : tr("Could not build %1: %2").arg(failed.names(), failed.other);
    }
    out.canceled = isCanceled(req);
    out.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
    return out;
}

LayersOutcome failedLayersOutcome(const LayersRequest &req, const QString &reason, bool outOfMemory)
{
    LayersOutcome out;
    out.generation = req.generation;
    out.canceled = isCanceled(req);
    out.outOfMemory = outOfMemory;
    const QSize frame = req.viewA.size().expandedTo(req.viewB.size());
    out.layersError =
        outOfMemory ? outOfMemoryPartMessage(tr("the heatmap, mask and previews"), frame, layersBytes(req))
                    : tr("Could not build the heatmap, mask and previews: %1").arg(reason);
    return out;
}

} // namespace difflens::ui
