#include "compareworkspace.h"

#include "viewsynchronizer.h"
#include "views/blinkview.h"
#include "views/differenceview.h"
#include "views/onionview.h"
#include "views/sidebysideview.h"
#include "views/swipeview.h"
#include "widgets/regionmodel.h"
#include "zoommodel.h"

#include <QItemSelectionModel>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace difflens::ui {

QString CompareWorkspace::modeName(Mode mode)
{
    switch (mode) {
    case Mode::SideBySide: return tr("Side by Side");
    case Mode::Swipe: return tr("Swipe");
    case Mode::Onion: return tr("Onion Skin");
    case Mode::Blink: return tr("Blink");
    case Mode::Difference: return tr("Difference");
    }
    return {};
}

CompareWorkspace::CompareWorkspace(QWidget *parent)
    : QWidget(parent), m_stack(new QStackedWidget(this)), m_sideBySide(new SideBySideView), m_swipe(new SwipeView),
      m_onion(new OnionView), m_blink(new BlinkView), m_difference(new DifferenceView), m_sync(new ViewSynchronizer(this)),
      m_data(std::make_shared<ViewData>()), m_regions(new RegionModel(this)),
      m_selection(new QItemSelectionModel(m_regions, this))
{
    auto *l = new QVBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(m_stack);
    for (CompareView *v : {static_cast<CompareView *>(m_sideBySide), static_cast<CompareView *>(m_swipe),
                           static_cast<CompareView *>(m_onion), static_cast<CompareView *>(m_blink),
                           static_cast<CompareView *>(m_difference)})
        m_stack->addWidget(v);
    for (ImageCanvas *c : allCanvases()) {
        m_sync->add(c->zoomModel());
        connect(c, &ImageCanvas::hoverPixel, this, &CompareWorkspace::hoverPixel);
        connect(c, &ImageCanvas::ignoreRectDrawn, this, &CompareWorkspace::ignoreRectDrawn);
        c->setRegionSelection(m_selection);
    }
    connect(m_selection, &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                onCurrentRegionChanged(current.row());
                Q_EMIT currentRegionChanged(current.row());
            });
    connect(m_stack, &QStackedWidget::currentChanged, this, &CompareWorkspace::modeChanged);
    setData(m_data);
}

QList<ImageCanvas *> CompareWorkspace::allCanvases() const
{
    QList<ImageCanvas *> out;
    for (int i = 0; i < m_stack->count(); ++i)
        out += static_cast<CompareView *>(m_stack->widget(i))->canvases();
    return out;
}

void CompareWorkspace::setData(const ViewDataPtr &data)
{
    const int before = currentRegion();
    m_data = data;
    for (int i = 0; i < m_stack->count(); ++i)
        static_cast<CompareView *>(m_stack->widget(i))->setData(data);
    for (ImageCanvas *c : allCanvases())
        c->setOverlays(data->regions, data->ignore);
    // Same number of regions: rows refreshed, the current region stays. Otherwise the model
    // is reset, which clears the current index without a signal: say it here.
    m_regions->setRegions(data->regions);
    if (before >= 0 && currentRegion() < 0)
        Q_EMIT currentRegionChanged(-1);
}

void CompareWorkspace::setMode(Mode mode) { m_stack->setCurrentIndex(int(mode)); }

CompareWorkspace::Mode CompareWorkspace::mode() const { return Mode(m_stack->currentIndex()); }

CompareView *CompareWorkspace::view(Mode mode) const { return static_cast<CompareView *>(m_stack->widget(int(mode))); }

CompareView *CompareWorkspace::currentView() const { return static_cast<CompareView *>(m_stack->currentWidget()); }

ImageCanvas *CompareWorkspace::activeCanvas() const
{
    const QList<ImageCanvas *> c = currentView()->canvases();
    for (ImageCanvas *canvas : c)
        if (canvas->hasFocus())
            return canvas;
    return c.value(0);
}

Side CompareWorkspace::sideAt(const QPoint &pos) const
{
    CompareView *v = currentView();
    return v->sideAt(v->mapFrom(this, pos));
}

int CompareWorkspace::regionCount() const { return m_regions->rowCount(); }

int CompareWorkspace::currentRegion() const { return m_selection->currentIndex().row(); }

void CompareWorkspace::setCurrentRegion(int index)
{
    if (index < -1 || index >= regionCount())
        index = -1;
    if (index == currentRegion()) {
        onCurrentRegionChanged(index); // centres it again; nothing changed, no signal
        return;
    }
    if (index < 0)
        m_selection->clearCurrentIndex();
    else
        m_selection->setCurrentIndex(m_regions->index(index), QItemSelectionModel::ClearAndSelect);
    // currentChanged -> onCurrentRegionChanged
}

// Centres the current region in the active canvas (the others follow through the synchronizer).
void CompareWorkspace::onCurrentRegionChanged(int index)
{
    if (index >= 0 && index < m_data->regions.size())
        activeCanvas()->zoomModel()->showRect(QRectF(m_data->regions[index].box));
}

void CompareWorkspace::nextRegion()
{
    const int n = regionCount();
    if (n > 0)
        setCurrentRegion((currentRegion() + 1) % n);
}

void CompareWorkspace::previousRegion()
{
    const int n = regionCount();
    const int cur = currentRegion();
    if (n > 0)
        setCurrentRegion(cur <= 0 ? n - 1 : cur - 1);
}

void CompareWorkspace::setDrawIgnore(bool on)
{
    for (ImageCanvas *c : allCanvases())
        c->setTool(on ? ImageCanvas::Tool::DrawIgnore : ImageCanvas::Tool::Pan);
}

void CompareWorkspace::setShowRegions(bool on)
{
    for (ImageCanvas *c : allCanvases())
        c->setShowRegions(on);
}

void CompareWorkspace::setRegionColor(const QColor &color)
{
    for (ImageCanvas *c : allCanvases())
        c->setRegionColor(color);
}

void CompareWorkspace::zoomIn() { activeCanvas()->zoomModel()->zoomIn(); }
void CompareWorkspace::zoomOut() { activeCanvas()->zoomModel()->zoomOut(); }
void CompareWorkspace::zoomFit() { activeCanvas()->zoomModel()->fit(); }
void CompareWorkspace::zoomActual() { activeCanvas()->zoomModel()->setZoom(1.0); }

} // namespace difflens::ui
