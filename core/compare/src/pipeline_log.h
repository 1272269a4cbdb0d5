#pragma once
// The engine logs through a plain callback (no Qt in the engine); here it is routed to the
// Qt logging category "difflens.pipeline" (enable with QT_LOGGING_RULES="difflens.pipeline.debug=true").
#include "difflens/engine/job.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcDiffLensPipeline)

namespace difflens::detail {

// Installs the category as the job's log sink unless the caller already set one.
void routeEngineLog(JobOptions &job);

} // namespace difflens::detail
