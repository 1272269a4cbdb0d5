#include "pipeline_log.h"

#include <QString>

// Debug messages are off by default; QT_LOGGING_RULES="difflens.pipeline.debug=true" shows them.
Q_LOGGING_CATEGORY(lcDiffLensPipeline, "difflens.pipeline", QtInfoMsg)

namespace difflens::detail {

void routeEngineLog(JobOptions &job)
{
    if (job.log)
        return;
    job.log = [](const std::string &line) { qCDebug(lcDiffLensPipeline).noquote() << QString::fromStdString(line); };
}

} // namespace difflens::detail
