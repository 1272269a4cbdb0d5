#include "viewsynchronizer.h"

#include "zoommodel.h"

namespace difflens::ui {

ViewSynchronizer::ViewSynchronizer(QObject *parent) : QObject(parent) {}

void ViewSynchronizer::add(ZoomModel *model)
{
    if (!model || models().contains(model))
        return;
    if (!m_models.isEmpty() && m_models.first())
        model->setState(m_models.first()->state());
    m_models.append(model);
    connect(model, &ZoomModel::changed, this, [this, model] { propagate(model); });
}

void ViewSynchronizer::remove(ZoomModel *model)
{
    disconnect(model, nullptr, this, nullptr);
    m_models.removeAll(model);
}

QList<ZoomModel *> ViewSynchronizer::models() const
{
    QList<ZoomModel *> out;
    for (const auto &m : m_models)
        if (m)
            out.append(m);
    return out;
}

void ViewSynchronizer::propagate(ZoomModel *source)
{
    if (m_busy || !m_enabled)
        return;
    m_busy = true;
    const ZoomModel::State s = source->state();
    for (ZoomModel *m : models())
        if (m != source)
            m->setState(s);
    m_busy = false;
}

} // namespace difflens::ui
