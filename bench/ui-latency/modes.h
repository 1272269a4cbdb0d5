#pragma once
// The measuring modes of difflens-ui-latency that run in a child process of their own (huge.cpp).
#include <QString>

namespace difflens::ui {
class MainWindow;
}

namespace difflens::bench {

// A synthesised drop of the two files on the window's centre (drag enter, then drop).
void dropPair(ui::MainWindow &w, const QString &a, const QString &b);

// Drops the pair on the window and follows it to the full-resolution tiles, then navigates
// at 1:1 and inspects a difference. `budgetMiB` > 0 sets Settings → Memory first.
int runHuge(ui::MainWindow &w, const QString &a, const QString &b, int budgetMiB, const char *tag);
// Writes huge-zoomed-out.png and huge-one-to-one.png of the pair into `dir`.
int runShots(ui::MainWindow &w, const QString &a, const QString &b, const QString &dir);

} // namespace difflens::bench
