// RegionModel: the region rows, formatted when a view asks for them.
#include "widgets/regionmodel.h"

#include <QLocale>

namespace difflens::ui {

RegionModel::RegionModel(QObject *parent) : QAbstractListModel(parent) {}

void RegionModel::setRegions(const QVector<RegionItem> &regions)
{
    if (regions.size() == m_regions.size()) {
        m_regions = regions;
        if (!m_regions.isEmpty())
            Q_EMIT dataChanged(index(0), index(int(m_regions.size()) - 1));
        return;
    }
    beginResetModel();
    m_regions = regions;
    endResetModel();
}

int RegionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_regions.size());
}

QVariant RegionModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_regions.size())
        return {};
    const RegionItem &r = m_regions[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return tr("#%1  %2 px  (%3, %4) %5×%6")
            .arg(index.row() + 1)
            .arg(QLocale().toString(r.pixels))
            .arg(r.box.x())
            .arg(r.box.y())
            .arg(r.box.width())
            .arg(r.box.height());
    case BoxRole: return r.box;
    case PixelsRole: return r.pixels;
    default: return {};
    }
}

} // namespace difflens::ui
