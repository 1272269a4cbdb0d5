#include "batch_command.h"
#include "annotations.h"
#include "difflens/compare/savefile.h"

#include "batch_options.h"
#include "batch_output.h"
#include "batch_progress.h"
#include "errors.h"

#include "difflens/compare/review/approve.h"
#include "difflens/compare/review/junit.h"
#include "difflens/compare/review/runner.h"
#include "difflens/compare/review/session.h"

#include <QFile>
#include <QJsonDocument>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <mutex>

namespace difflens::cli {

using namespace review;

namespace {

// Collects what the outputs need while pairs finish (called from worker threads, one at a time).
struct BatchSink {
    bool wantJson = false;
    std::vector<PairSummary> summaries;
    std::map<std::string, QByteArray> jsonPairs;
    int64_t failures = 0;
    std::unique_ptr<BatchProgress> progress;

    void add(const PairOutcome &o)
    {
        summaries.push_back(o.summary);
        if (isFailure(o.summary.status))
            ++failures;
        if (wantJson)
            jsonPairs[o.summary.relPath] = QJsonDocument(batchPairToJson(o)).toJson(QJsonDocument::Compact);
        progress->update(int64_t(summaries.size()), failures, o.summary.relPath);
    }
};

bool saveBytes(const std::string &path, const QByteArray &bytes, std::string &error)
{
    if (!writeFileAtomically(path, bytes, error)) {
        error = path + ": " + error;
        return false;
    }
    return true;
}

int64_t countShardPairs(const BatchOptions &o, const ReviewConfig &config)
{
    PairDiscovery d(o.baselineDir, o.currentDir, DiscoveryOptions{config.extensions, true});
    if (!d.start())
        return 0;
    int64_t n = 0;
    DiscoveredPair p;
    while (d.next(p))
        n += o.shard.contains(p.relPath) ? 1 : 0;
    return n;
}

// Approves every failing pair that can be approved; returns false if any approval failed.
bool updateBaselines(const BatchOptions &o, const std::vector<PairSummary> &pairs, bool quiet)
{
    Approver approver(o.baselineDir, o.currentDir);
    int updated = 0, failed = 0;
    for (const PairSummary &s : pairs) {
        if (!isFailure(s.status) || s.status == PairStatus::Error)
            continue;
        ApprovalRecord rec;
        std::string error;
        if (approver.approve(s.relPath, rec, error)) {
            ++updated;
        } else {
            ++failed;
            reportError("cannot update baseline " + s.relPath + ": " + error);
        }
    }
    if (!quiet && updated > 0)
        std::printf("Updated %d baseline%s; previous versions in %s\n", updated, updated == 1 ? "" : "s",
                    approver.backupDir().c_str());
    return failed == 0;
}

} // namespace

int runBatchCompareCommand(const std::vector<std::string> &args, const BatchHooks &hooks)
{
    BatchOptions o;
    std::string error;
    if (!parseBatchOptions(args, o, error))
        return reportError(error);
    if (o.showHelp) {
        std::fputs(batchUsage().c_str(), stdout);
        return kExitSame;
    }

    ReviewConfig config;
    if (!(o.configPath.empty() ? config.loadFromRoot(o.baselineDir, error) : config.loadFile(o.configPath, error)))
        return reportError(error);
    if (o.threshold)
        config.defaults.threshold = *o.threshold;
    if (o.warningRatio || o.criticalRatio) {
        if (o.warningRatio)
            config.memory.warning = *o.warningRatio;
        if (o.criticalRatio)
            config.memory.critical = *o.criticalRatio;
        if (!config.memory.validate(error))
            return reportError("--warning-threshold/--critical-threshold with difflens.json: " + error);
    }
    if (o.noSsim) {
        config.defaults.ssim = false;
        for (auto *rules : {&config.folders, &config.files})
            for (auto &kv : *rules)
                kv.second.ssim.reset();
    }

    ReviewSession session;
    std::map<std::string, PairSummary> previous;
    if (!o.sessionPath.empty() && QFile::exists(QString::fromStdString(o.sessionPath))) {
        if (!session.load(o.sessionPath, error))
            return reportError(error);
        previous = session.summaries();
    }

    ReviewRunOptions ropt;
    ropt.threads = o.threads;
    ropt.memoryBudget = o.memoryBudget;
    ropt.fastIdentical = o.fastIdentical;
    ropt.base.job.device = o.device;
    if (!previous.empty())
        ropt.previous = &previous;
    if (o.sharded) {
        const Shard shard = o.shard;
        ropt.filter = [shard](const std::string &rel) { return shard.contains(rel); };
    }

    auto sink = std::make_shared<BatchSink>();
    sink->wantJson = !o.jsonPath.empty();
    const bool showProgress = !o.quiet && !o.noProgress && BatchProgress::stderrIsTerminal();
    sink->progress = std::make_unique<BatchProgress>(showProgress, showProgress ? countShardPairs(o, config) : 0);

    const ReviewRunStats stats =
        runReview(o.baselineDir, o.currentDir, config, ropt, [sink](const PairOutcome &out) { sink->add(out); });
    sink->progress->finish();
    if (!stats.ok)
        return reportError(stats.error);
    std::sort(sink->summaries.begin(), sink->summaries.end(),
              [](const PairSummary &a, const PairSummary &b) { return a.relPath < b.relPath; });

    bool outputsOk = true;
    if (!o.jsonPath.empty()) {
        BatchDocumentInfo info{o.baselineDir, o.currentDir, o.sharded ? o.shard.toString() : "", stats.elapsedMs, {}};
        if (!saveBytes(o.jsonPath, batchDocument(info, sink->jsonPairs, stats.counts), error))
            outputsOk = (reportError(error), false);
    }
    if (!o.junitPath.empty()) {
        JUnitOptions jo;
        jo.totalSeconds = stats.elapsedMs / 1000.0;
        if (!writeJUnitFile(o.junitPath, sink->summaries, jo, error))
            outputsOk = (reportError(error), false);
    }
    if (!o.sessionPath.empty()) {
        session.baselineRoot = o.baselineDir;
        session.currentRoot = o.currentDir;
        for (const PairSummary &s : sink->summaries)
            session.setResult(s);
        if (!session.save(o.sessionPath, error))
            outputsOk = (reportError(error), false);
    }

    const std::string summary =
        formatBatchSummary(sink->summaries, stats.counts, stats.elapsedMs, stats.workers, o.quiet ? 0 : o.maxListed);
    std::fputs(summary.c_str(), stdout);
    if (stats.reused > 0 && !o.quiet)
        std::printf("%lld unchanged pairs reused from %s\n", static_cast<long long>(stats.reused),
                    o.sessionPath.c_str());
    if (annotationsEnabled(o.annotations))
        std::fputs(githubAnnotations(sink->summaries, o.baselineDir, o.currentDir).c_str(), stdout);
    std::fflush(stdout);

    if (hooks.finish && !hooks.finish(o, config, sink->summaries))
        outputsOk = false;
    if (o.updateBaseline) {
        const bool updatedOk = updateBaselines(o, sink->summaries, o.quiet);
        if (!updatedOk || !outputsOk || stats.counts.of(PairStatus::Error) > 0)
            return kExitError;
        return kExitSame;
    }
    if (!outputsOk)
        return kExitError;
    return batchExitCode(stats.counts);
}

} // namespace difflens::cli
