#pragma once
// The engine logs through a plain callback (no Qt in the engine). compareFiles() routes it
// to the process's default engine log when the caller set none: nothing in Qt-free programs
// (the CLI's fast path), the Qt logging category "difflens.pipeline" wherever the Qt part
// of core/compare is linked (pipeline_log_qt.cpp; enable with
// QT_LOGGING_RULES="difflens.pipeline.debug=true").
#include "difflens/engine/job.h"

namespace difflens::detail {

using EngineLogSink = void (*)(const std::string &line);

// Installs the default sink (once, at start-up; not thread-safe against running jobs).
void setDefaultEngineLog(EngineLogSink sink);

// Installs the default sink as the job's log sink unless the caller already set one.
void routeEngineLog(JobOptions &job);

} // namespace difflens::detail
