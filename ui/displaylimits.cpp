// DisplayLimits: the views' drawing limits under memory pressure.
#include "displaylimits.h"

#include <algorithm>

namespace difflens::ui {

DisplayLimits *DisplayLimits::instance()
{
    static DisplayLimits *limits = new DisplayLimits(); // lives as long as the process
    return limits;
}

void DisplayLimits::set(double maxZoom, int maxPreviewEdge, const QString &notice)
{
    if (maxZoom == m_maxZoom && maxPreviewEdge == m_maxEdge && notice == m_notice)
        return;
    m_maxZoom = maxZoom;
    m_maxEdge = maxPreviewEdge;
    m_notice = notice;
    Q_EMIT changed();
}

double DisplayLimits::detailZoom(double zoom, int width, int height) const
{
    const int edge = std::max(width, height);
    if (m_maxEdge > 0 && edge > 0)
        zoom = std::min(zoom, double(m_maxEdge) / double(edge));
    return zoom;
}

} // namespace difflens::ui
