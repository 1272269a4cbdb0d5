// The layered comparison's background jobs: the exact streamed pass and the full-resolution pass.
#include "layeredwork.h"

#include "memoryerror.h"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace difflens::ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("difflens::ui::LayeredWork", text);
}

LayeredOutcome layeredWork(const LayeredRequest &req)
{
    QElapsedTimer timer;
    timer.start();
    LayeredOutcome out;
    out.generation = req.generation;
    out.options = req.options;
    out.options.job.isCanceled = nullptr;
    std::shared_ptr<LayerStore> store;
    const LayersOpened forward = req.opened;
    out.result = compareFilesLayered(req.pathA.toStdString(), req.pathB.toStdString(), req.options, req.layers,
                                     [&store, forward](const ImageInfo &a, const ImageInfo &b,
                                                       const std::shared_ptr<LayerStore> &s) {
                                         store = s;
                                         if (forward)
                                             forward(a, b, s);
                                     });
    out.store = std::move(store);
    out.canceled = out.result.job.canceled || (req.cancel && req.cancel->load());
    if (!out.canceled && !out.result.ok) {
        out.error = QString::fromStdString(out.result.errorMessage());
        out.outOfMemory = isOutOfMemoryText(out.error);
    }
    out.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
    return out;
}

FullResolutionOutcome fullResolutionWork(const FullResolutionRequest &req)
{
    QElapsedTimer timer;
    timer.start();
    FullResolutionOutcome out;
    out.generation = req.generation;
    std::string error;
    out.ok = fillFullResolution(req.pathA.toStdString(), req.pathB.toStdString(), req.options, req.store, error);
    out.canceled = req.cancel && req.cancel->load();
    if (!out.ok && !out.canceled)
        out.error = QString::fromStdString(error);
    out.elapsedMs = double(timer.nsecsElapsed()) / 1e6;
    return out;
}

} // namespace

LayeredOutcome runLayeredWork(const LayeredRequest &req)
{
    const LayeredRequest *r = &req;
    return runGuarded([r] { return layeredWork(*r); },
                      [r](const QString &reason, bool oom) { return failedLayeredOutcome(*r, reason, oom); });
}

LayeredOutcome failedLayeredOutcome(const LayeredRequest &req, const QString &reason, bool outOfMemory)
{
    LayeredOutcome out;
    out.generation = req.generation;
    out.canceled = req.cancel && req.cancel->load();
    out.outOfMemory = outOfMemory;
    out.error = outOfMemory ? tr("Not enough memory for this comparison: %1. Raise the memory budget in "
                                 "Settings → Memory, or close other work.")
                                  .arg(reason)
                            : tr("The comparison failed: %1").arg(reason);
    return out;
}

FullResolutionOutcome runFullResolutionWork(const FullResolutionRequest &req)
{
    const FullResolutionRequest *r = &req;
    return runGuarded([r] { return fullResolutionWork(*r); },
                      [r](const QString &reason, bool oom) { return failedFullResolution(*r, reason, oom); });
}

FullResolutionOutcome failedFullResolution(const FullResolutionRequest &req, const QString &reason, bool)
{
    FullResolutionOutcome out;
    out.generation = req.generation;
    out.canceled = req.cancel && req.cancel->load();
    out.error = reason;
    return out;
}

} // namespace difflens::ui
