// Side-by-side view: A and B in two synchronised canvases in a splitter.
#include "views/sidebysideview.h"

#include "views/blinkview.h"

#include <QSplitter>
#include <QVBoxLayout>

namespace difflens::ui {

SideBySideView::SideBySideView(QWidget *parent)
    : CompareView(parent), m_splitter(new QSplitter(Qt::Horizontal, this)), m_a(new OffsetImageCanvas(m_splitter)),
      m_b(new OffsetImageCanvas(m_splitter))
{
    auto *l = new QVBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(m_splitter);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setHandleWidth(4);
    m_a->setObjectName(QStringLiteral("paneA"));
    m_b->setObjectName(QStringLiteral("paneB"));
}

void SideBySideView::setData(const ViewDataPtr &data)
{
    const QSize frame = data->frameSize();
    m_a->setFrameSize(frame);
    m_b->setFrameSize(frame);
    m_a->setImage(data->a);
    m_b->setImage(data->b);
    // Both panes are in A's frame (viewdata.h): A and B at their origins (B at the offset).
    static_cast<OffsetImageCanvas *>(m_a)->setOffset(data->originA());
    static_cast<OffsetImageCanvas *>(m_b)->setOffset(data->originB());
    m_a->setCornerLabel(data->nameA.isEmpty() ? QStringLiteral("A") : QStringLiteral("A  %1").arg(data->nameA));
    m_b->setCornerLabel(data->nameB.isEmpty() ? QStringLiteral("B") : QStringLiteral("B  %1").arg(data->nameB));
    // A pair-level error (out of memory) is shown in both panes.
    m_a->setMessage(!data->error.isEmpty()    ? data->error
                    : !data->errorA.isEmpty() ? data->errorA
                    : data->a.isNull()        ? tr("Drop image A here")
                                              : QString());
    m_b->setMessage(!data->error.isEmpty()    ? data->error
                    : !data->errorB.isEmpty() ? data->errorB
                    : data->b.isNull()        ? tr("Drop image B here")
                                              : QString());
}

Side SideBySideView::sideAt(const QPoint &pos) const
{
    if (m_a->geometry().contains(m_splitter->mapFrom(this, pos)))
        return Side::A;
    if (m_b->geometry().contains(m_splitter->mapFrom(this, pos)))
        return Side::B;
    return Side::None;
}

void SideBySideView::setVertical(bool vertical)
{
    m_splitter->setOrientation(vertical ? Qt::Vertical : Qt::Horizontal);
    const int total = vertical ? m_splitter->height() : m_splitter->width();
    m_splitter->setSizes({total / 2, total - total / 2});
}

bool SideBySideView::isVertical() const { return m_splitter->orientation() == Qt::Vertical; }

} // namespace difflens::ui
