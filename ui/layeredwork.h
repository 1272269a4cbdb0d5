#pragma once
// The background jobs of a layered comparison (the app at any image size), pure functions
// of their requests like compareworker.h's:
//  - runLayeredWork: the exact streamed comparison of two files (difflens/compare/layered.h)
//    that builds the pair's display layers as the rows stream in. Stage 1 (both files open,
//    the store exists) is reported through request.opened while the job runs, so the views
//    draw rows as they arrive; the outcome carries the exact result (stage 2).
//  - runFullResolutionWork: the second pass that writes the full-resolution tiles, run at a
//    low priority after the exact result is on screen.
// Nothing is thrown out of either: errors, out of memory included, become the outcome's.
#include "difflens/compare/layered.h"

#include <QString>

#include <atomic>
#include <functional>
#include <memory>

namespace difflens::ui {

struct LayeredRequest {
    quint64 generation = 0;
    QString pathA, pathB;
    CompareOptions options;                     // options.job.isCanceled set by the controller
    LayerStore::Options layers;
    std::shared_ptr<std::atomic_bool> cancel;
    LayersOpened opened;                        // set by the controller (posts to the GUI thread)
};

struct LayeredOutcome {
    quint64 generation = 0;
    bool canceled = false;
    CompareResult result;                       // exact counts, statistics, regions, plan
    CompareOptions options;                     // as the job ran (no cancel callback)
    std::shared_ptr<LayerStore> store;          // null when the files could not be opened
    QString error;                              // "<file>: <reason>" when the job failed
    bool outOfMemory = false;
    double elapsedMs = 0;
};

LayeredOutcome runLayeredWork(const LayeredRequest &request);
LayeredOutcome failedLayeredOutcome(const LayeredRequest &request, const QString &reason, bool outOfMemory);

struct FullResolutionRequest {
    quint64 generation = 0;
    QString pathA, pathB;
    CompareOptions options;                     // as the exact pass ran
    std::shared_ptr<LayerStore> store;
    std::shared_ptr<std::atomic_bool> cancel;
};

struct FullResolutionOutcome {
    quint64 generation = 0;
    bool ok = false;
    bool canceled = false;
    QString error;
    double elapsedMs = 0;
};

FullResolutionOutcome runFullResolutionWork(const FullResolutionRequest &request);
FullResolutionOutcome failedFullResolution(const FullResolutionRequest &request, const QString &reason,
                                           bool outOfMemory);

} // namespace difflens::ui
