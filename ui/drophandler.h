#pragma once
// Decides what a drag-and-drop of files means:
//   two files            -> open them as a pair (first = A, second = B)
//   two folders          -> folder review
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

} // namespace difflens::ui
