#include "drophandler.h"

#include <QFileInfo>
#include <QMimeData>
#include <QUrl>

namespace difflens::ui {

DropDecision decideDrop(const QMimeData *mime, Side side, bool hasA)
{
    DropDecision d;
    if (!mime || !mime->hasUrls())
        return d;
    QStringList files, dirs;
    for (const QUrl &url : mime->urls()) {
        if (!url.isLocalFile())
            return d;
        const QFileInfo fi(url.toLocalFile());
        if (fi.isDir())
            dirs << fi.filePath();
        else
            files << fi.filePath();
    }
    if (files.size() == 2 && dirs.isEmpty()) {
        d = {DropDecision::Kind::OpenPair, files[0], files[1]};
    } else if (dirs.size() == 2 && files.isEmpty()) {
        d = {DropDecision::Kind::OpenFolders, dirs[0], dirs[1]};
    } else if (files.size() == 1 && dirs.isEmpty()) {
        const bool toA = side == Side::A || (side == Side::None && !hasA);
        d = {toA ? DropDecision::Kind::ReplaceA : DropDecision::Kind::ReplaceB, files[0], {}};
    }
    return d;
}

} // namespace difflens::ui
