#pragma once
// Keeps several ZoomModels in lock-step (zoom, centre, fit mode), e.g. the A and B panes of
// the side-by-side view and every other view so switching views keeps the position.
#include <QList>
#include <QObject>
#include <QPointer>

namespace difflens::ui {

class ZoomModel;

class ViewSynchronizer : public QObject {
    Q_OBJECT
public:
    explicit ViewSynchronizer(QObject *parent = nullptr);
    void add(ZoomModel *model);
    void remove(ZoomModel *model);
    void setEnabled(bool enabled) { m_enabled = enabled; }
    bool isEnabled() const { return m_enabled; }
    QList<ZoomModel *> models() const;

private:
    void propagate(ZoomModel *source);
    QList<QPointer<ZoomModel>> m_models;
    bool m_busy = false;
    bool m_enabled = true;
};

} // namespace difflens::ui
