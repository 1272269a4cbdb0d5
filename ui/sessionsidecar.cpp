// ComparisonSession: the pair's ignore regions in its sidecar file (split from
// comparisonsession.cpp). The document itself (found, loaded, edited, saved, a broken file
// never overwritten) is difflens/compare/sidecar_document.h; here are its signals and messages.
#include "comparisonsession.h"

#include <QFileInfo>

#include <climits>

namespace difflens::ui {

namespace {
QString qs(const std::string &s) { return QString::fromStdString(s); }
} // namespace

bool ComparisonSession::addIgnoreRect(const QRect &rect)
{
    if (rect.isEmpty())
        return false;
    if (!m_sidecar.writable()) {
        Q_EMIT message(tr("Region not added: %1 could not be loaded (%2) and is not overwritten")
                           .arg(QFileInfo(brokenSidecarPath()).fileName(), sidecarError()));
        return false;
    }
    // Drawn in the views' frame (A's); kept in B's coordinates, as the comparison and the
    // CLI read them (docs/cli.md, Auto-alignment).
    // Only B's pixels can be ignored: the part left of or above its origin is dropped (a
    // sidecar with negative coordinates would not load again).
    const QRect inB =
        (m_data ? rect.translated(-m_data->alignOffset()) : rect).intersected(QRect(0, 0, INT_MAX, INT_MAX));
    if (inB.isEmpty())
        return false;
    m_sidecar.addIgnore(Rect{inB.x(), inB.y(), inB.width(), inB.height()});
    saveSidecar();
    scheduleCompare();
    return true;
}

void ComparisonSession::clearIgnoreRects()
{
    if (!m_sidecar.clearIgnore())
        return;
    saveSidecar();
    scheduleCompare();
}

QVector<QRect> ComparisonSession::ignoreRects() const
{
    QVector<QRect> rects;
    for (const Rect &r : m_sidecar.ignoreRects())
        rects.append(QRect(r.x, r.y, r.width, r.height));
    return rects;
}

QString ComparisonSession::sidecarPath() const { return qs(m_sidecar.path()); }
QString ComparisonSession::brokenSidecarPath() const { return qs(m_sidecar.brokenPath()); }
QString ComparisonSession::sidecarError() const { return qs(m_sidecar.error()); }

QString ComparisonSession::startNewSidecar()
{
    const QString path = qs(m_sidecar.startReplacement());
    if (!m_sidecar.brokenPath().empty())
        Q_EMIT sidecarStatusChanged();
    return path;
}

void ComparisonSession::loadSidecar()
{
    if (!m_sidecar.open(m_a.path.toStdString(), m_b.path.toStdString()))
        Q_EMIT message(tr("Sidecar %1 not loaded: %2").arg(brokenSidecarPath(), sidecarError()));
    Q_EMIT sidecarStatusChanged();
}

void ComparisonSession::saveSidecar()
{
    const bool first = m_sidecar.file().empty();
    std::string error;
    switch (m_sidecar.save(error)) {
    case SidecarDocument::Saved::Failed:
        Q_EMIT message(tr("Cannot save %1: %2").arg(sidecarPath(), qs(error)));
        return;
    case SidecarDocument::Saved::Yes:
        Q_EMIT message(tr("Ignore regions saved to %1").arg(QFileInfo(sidecarPath()).fileName()));
        if (first)
            Q_EMIT sidecarStatusChanged();
        return;
    default: // no path (pasted images), or the broken file
        return;
    }
}

} // namespace difflens::ui
