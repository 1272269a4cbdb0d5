// ComparisonSession: the layered route for pairs too large to decode whole (split from
// comparisonsession.cpp; runComparison chooses it, comparison.h routedComparison): the
// repaints while its rows stream in, then the full-resolution tiles in the background.
#include "comparisonsession.h"

#include "comparecontroller.h"
#include "tilecache.h"

#include <QTimer>

namespace difflens::ui {

// A layered stage: stage 1 starts the repaints of the streaming rows; the end stops them
// unless the full-resolution pass follows (the controller starts it).
void ComparisonSession::onLayeredStage(const Comparison &c)
{
    if (c.stage == ComparisonStage::Opened && !c.finished) {
        TileCache::instance()->clear();
        m_fullResolutionPending = false;
        m_layeredTimer->start();
        return;
    }
    if (!c.finished)
        return;
    m_fullResolutionPending = c.compared() && c.fullResolutionPending; // the controller runs it next
    if (!m_fullResolutionPending)
        m_layeredTimer->stop();
    TileCache::instance()->notifyChanged();
}

void ComparisonSession::onLayeredTick()
{
    TileCache::instance()->notifyChanged();
    if (m_data->preview())
        Q_EMIT layersChanged(); // the status line's progress
}

void ComparisonSession::onFullResolution(bool ok, const QString &error)
{
    if (!m_fullResolutionPending)
        return;
    m_layeredTimer->stop();
    m_fullResolutionPending = false;
    if (!ok)
        Q_EMIT message(tr("Full-resolution tiles: %1. Zoomed-in views show the reduced level.").arg(error));
    TileCache::instance()->notifyChanged();
    Q_EMIT layersChanged();
}

} // namespace difflens::ui
