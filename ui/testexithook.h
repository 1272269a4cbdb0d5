#pragma once
// Test hook for the app under a memory limit (tests/ui/tst_memory_limits): with
// DIFFLENS_TEST_EXIT_AFTER_LOAD=1 in the environment, once the comparison's outcome is shown
// (the result with its follow-up layers, or an error in the panes) the app prints one line to
// stdout, "difflens: loaded" or "difflens: error: <the message shown in the pane>", and quits
// with exit code 0.
class QWidget;

namespace difflens::ui {

class ComparisonSession;

// True when the environment asks for the hook.
bool testExitAfterLoadRequested();
// Connects the hook to `session`; `window` is repainted before the line is printed.
void installTestExitHook(ComparisonSession *session, QWidget *window);

} // namespace difflens::ui
