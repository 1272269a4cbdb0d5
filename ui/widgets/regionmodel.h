#pragma once
// The difference regions of the open result as a list model whose rows are formatted on
// demand (100,000 regions cost one shared vector, no item objects). The current region
// lives in one place: the QItemSelectionModel over this model that CompareWorkspace owns
// and shares with the region list and every canvas.
#include "viewdata.h"

#include <QAbstractListModel>

namespace difflens::ui {

class RegionModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { BoxRole = Qt::UserRole + 1, PixelsRole };

    explicit RegionModel(QObject *parent = nullptr);

    // Same number of regions: the rows are refreshed in place (the current region stays);
    // otherwise the model is reset (no current region).
    void setRegions(const QVector<RegionItem> &regions);
    const QVector<RegionItem> &regions() const { return m_regions; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QVector<RegionItem> m_regions; // implicitly shared with the ViewData
};

} // namespace difflens::ui
