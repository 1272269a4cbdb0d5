#pragma once
// The internals runComparison's routes share (comparison*.cpp):
// the run's current snapshot and how a new one is published, cancel polling, error texts.
#include "difflens/compare/comparison.h"

#include <chrono>

namespace difflens::detail {

// True for the engine's and the decoders' out-of-memory reasons.
bool isOutOfMemoryReason(const std::string &reason);

// The snapshot before stage 1: the request's sides, options (no callbacks) and route.
std::shared_ptr<Comparison> firstSnapshot(const ComparisonRequest &request);

class ComparisonRun {
public:
    // `from`: a run that goes on from that snapshot (continueComparison).
    ComparisonRun(const ComparisonRequest &request, const ComparisonObserver &observe, ComparisonPtr from = nullptr);

    const ComparisonRequest &request() const { return m_request; }
    bool canceled() const { return m_request.cancel && m_request.cancel->load(); }
    // The options the engine runs with (cancel polled through the request's flag).
    const CompareOptions &engineOptions() const { return m_engine; }
    const Comparison &current() const { return *m_current; }
    const ComparisonPtr &currentPtr() const { return m_current; }
    double elapsedMs() const;
    // A copy of the current snapshot to fill (shares every buffer).
    std::shared_ptr<Comparison> next() const { return std::make_shared<Comparison>(*m_current); }
    // Makes `snapshot` the current one (timed), observes it unless it is canceled.
    void publish(std::shared_ptr<Comparison> snapshot);
    // The current snapshot, finished (and canceled when the flag is set).
    ComparisonPtr finish();
    // The current snapshot, finished, with the pair's error from a caught exception.
    ComparisonPtr fail(std::exception_ptr error);
    // Calls the request's test seam before `stage`.
    void before(ComparisonStage stage) const;

private:
    const ComparisonRequest &m_request;
    const ComparisonObserver &m_observe;
    CompareOptions m_engine;
    ComparisonPtr m_current;
    std::chrono::steady_clock::time_point m_start;
};

// Stages 3 and 4 of the whole-frame route (comparison_stages.cpp), then the finished snapshot.
ComparisonPtr laterStages(ComparisonRun &run);

// The layered route (comparison_layered.cpp).
ComparisonPtr runLayeredComparison(ComparisonRun &run);

// The direct route (comparison_direct.cpp), with its own run.
ComparisonPtr runDirect(const ComparisonRequest &request, const ComparisonObserver &observe);

} // namespace difflens::detail
