#pragma once
// List of difference regions with their pixel counts: a view over the workspace's
// RegionModel and its selection model (the one current region); a click makes a region
// current, which the workspace centres.
#include <QWidget>

class QItemSelectionModel;
class QLabel;
class QListView;

namespace difflens::ui {

class RegionModel;

class RegionList : public QWidget {
    Q_OBJECT
public:
    explicit RegionList(QWidget *parent = nullptr);
    // The model and the selection model that holds the current region (both owned elsewhere).
    void setModel(RegionModel *model, QItemSelectionModel *selection);
    // Why the pair's sidecar was not loaded, shown above the list ("" hides it).
    void setSidecarNote(const QString &note);
    int count() const;
    QListView *list() const { return m_list; }

private:
    void updateHeader();

    QListView *m_list;
    QLabel *m_header, *m_sidecarNote;
    RegionModel *m_model = nullptr;
};

} // namespace difflens::ui
