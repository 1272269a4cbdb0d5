#include "reviewfilterproxy.h"

#include "reviewtablemodel.h"

namespace difflens::ui {

ReviewFilterProxy::ReviewFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(ReviewTableModel::SortRole);
    setDynamicSortFilter(true);
}

void ReviewFilterProxy::setFailuresOnly(bool on)
{
    if (on == m_failuresOnly)
        return;
    m_failuresOnly = on;
    invalidateFilter();
}

void ReviewFilterProxy::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateFilter();
}

bool ReviewFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex idx = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_failuresOnly && !idx.data(ReviewTableModel::FailureRole).toBool())
        return false;
    if (m_text.isEmpty())
        return true;
    return idx.data(ReviewTableModel::RelPathRole).toString().contains(m_text, Qt::CaseInsensitive) ||
           idx.data(ReviewTableModel::NoteRole).toString().contains(m_text, Qt::CaseInsensitive) ||
           idx.data(Qt::DisplayRole).toString().contains(m_text, Qt::CaseInsensitive);
}

} // namespace difflens::ui
