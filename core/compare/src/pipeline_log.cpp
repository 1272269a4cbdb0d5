#include "pipeline_log.h"

Q_LOGGING_CATEGORY(lcDiffLensPipeline, "difflens.pipeline", QtWarningMsg)

namespace difflens::detail {

void routeEngineLog(JobOptions &job)
{
    (void)job;
}

} // namespace difflens::detail
