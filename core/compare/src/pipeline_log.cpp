// The default engine log sink of core/compare (pipeline_log.h); Qt-free.
#include "pipeline_log.h"

#include <atomic>

namespace difflens::detail {

namespace {
std::atomic<EngineLogSink> g_sink{nullptr};
}

void setDefaultEngineLog(EngineLogSink sink)
{
    g_sink = sink;
}

void routeEngineLog(JobOptions &job)
{
    const EngineLogSink sink = g_sink.load();
    if (job.log || !sink)
        return;
    job.log = [sink](const std::string &line) { sink(line); };
}

} // namespace difflens::detail
