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

void ComparisonSession::onLayeredTick()
{
    TileCache::instance()->notifyChanged();
    if (m_data->preview())
        Q_EMIT layersChanged(); // the status line's progress
}

} // namespace difflens::ui
