#pragma once
// Decides what a drag-and-drop of files means:
//   two files            -> open them as a pair (first = A, second = B)
//   two folders          -> folder review
//   one folder           -> folder review of the test runner's output in it (Playwright,
//                           jest-image-snapshot, BackstopJS; see review/layout.h)
//   one file on a pane   -> replace that side (A or B)
//   one file elsewhere   -> B when A is loaded, A otherwise
#include "side.h"

#include <QString>

class QMimeData;

namespace difflens::ui {

struct DropDecision {
    enum class Kind { None, OpenPair, ReplaceA, ReplaceB, OpenFolders };
    Kind kind = Kind::None;
    QString a, b;   // ReplaceA/ReplaceB use `a`
};

DropDecision decideDrop(const QMimeData *mime, Side sideUnderCursor, bool hasA);

// The two review roots that stand for one test runner's folder (a Playwright project or
// test-results/, a folder with __image_snapshots__, a BackstopJS project). False with a
// reason when the folder holds no test-runner layout.
bool runnerFolderRoots(const QString &folder, QString *baseline, QString *current, QString *error);

} // namespace difflens::ui
