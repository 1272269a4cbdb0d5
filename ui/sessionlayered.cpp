// ComparisonSession: the layered route for pairs too large to decode whole (split from
// comparisonsession.cpp; runComparison chooses it, comparison.h routedComparison): the
// repaints while its rows stream in, then the full-resolution tiles in the background.
#include "comparisonsession.h"

#include "comparecontroller.h"
#include "tilecache.h"

#include <QTimer>

namespace difflens::ui {

// A layered stage: stage 1 starts the repaints of the streaming rows; the end stops them
// unless the full-resolution pass follows (the controller runs it next; its snapshot is the
// last stage).
void ComparisonSession::onLayeredStage(const Comparison &c)
{
    if (c.stage == ComparisonStage::Opened && !c.finished) {
        TileCache::instance()->clear();
        m_layeredTicks = 0;
        m_layeredTimer->start();
        return;
    }
    if (!c.finished)
        return;
    if (!fullResolutionPending())
        m_layeredTimer->stop();
    if (const ComparisonPartFailure *f = c.failed(ComparisonPart::FullResolution))
        Q_EMIT message(tr("Full-resolution tiles: %1. Zoomed-in views show the reduced level.")
                           .arg(QString::fromStdString(f->reason)));
    TileCache::instance()->notifyChanged();
}

// Every tick repaints the rows that arrived; the status line's progress is said every
// kProgressTicks ticks: a new text lays the status bar out again and repaints it, a few
// milliseconds of the GUI thread each time while the comparing threads take both cores.
void ComparisonSession::onLayeredTick()
{
    constexpr int kProgressTicks = 4;
    TileCache::instance()->notifyChanged();
    if (m_data->preview() && m_layeredTicks++ % kProgressTicks == 0)
        Q_EMIT layersChanged();
}

} // namespace difflens::ui
