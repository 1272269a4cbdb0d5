// What a drop means (drophandler.h), and the roots of one test runner's folder.
#include "drophandler.h"

#include "difflens/compare/review/layout.h"

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
    } else if (dirs.size() == 1 && files.isEmpty()) {
        QString baseline, current, error;
        if (runnerFolderRoots(dirs[0], &baseline, &current, &error))
            d = {DropDecision::Kind::OpenFolders, baseline, current};
    } else if (files.size() == 1 && dirs.isEmpty()) {
        const bool toA = side == Side::A || (side == Side::None && !hasA);
        d = {toA ? DropDecision::Kind::ReplaceA : DropDecision::Kind::ReplaceB, files[0], {}};
    }
    return d;
}

bool runnerFolderRoots(const QString &folder, QString *baseline, QString *current, QString *error)
{
    std::string base, cur, err;
    review::LayoutRequest request;
    review::ResolvedLayout resolved;
    if (!review::layoutRootsFor({folder.toStdString()}, request, base, cur, err) ||
        !review::resolveLayout(base, cur, request, resolved, err) || resolved.layout == review::Layout::Folders) {
        *error = err.empty() ? QStringLiteral("%1 holds no Playwright, jest-image-snapshot or BackstopJS output").arg(folder)
                             : QString::fromStdString(err);
        return false;
    }
    *baseline = QString::fromStdString(base);
    *current = QString::fromStdString(cur);
    return true;
}

} // namespace difflens::ui
