// Routes the engine's log lines to the Qt logging category "difflens.pipeline" in every
// program that links the Qt part of core/compare (pipeline_log.h). The CMake target forces
// this object into the link (difflens_compare_qt_log_anchor), so its initializer runs.
#include "pipeline_log.h"

#include <QLoggingCategory>
#include <QString>

// Debug messages are off by default (the CLI prints the lines itself with -v);
// QT_LOGGING_RULES="difflens.pipeline.debug=true" shows them. The desktop app turns them on
// (MainWindow), so its log has the plan lines of every job (tests/ui/tst_memory_log.cpp).
Q_LOGGING_CATEGORY(lcDiffLensPipeline, "difflens.pipeline", QtInfoMsg)

extern "C" {
// Referenced by the link option of difflens_compare (see core/compare/CMakeLists.txt).
int difflens_compare_qt_log_anchor = 0;
}

namespace difflens::detail {

namespace {

void qtSink(const std::string &line)
{
    qCDebug(lcDiffLensPipeline).noquote() << QString::fromStdString(line);
}

[[maybe_unused]] const bool g_installed = [] {
    setDefaultEngineLog(qtSink);
    return true;
}();

} // namespace

} // namespace difflens::detail
