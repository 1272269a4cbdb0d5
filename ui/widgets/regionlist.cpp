// RegionList: header, sidecar note and a uniform-row list view over RegionModel.
#include "widgets/regionlist.h"

#include "widgets/regionmodel.h"

#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QVBoxLayout>

namespace difflens::ui {

RegionList::RegionList(QWidget *parent)
    : QWidget(parent), m_list(new QListView), m_header(new QLabel), m_sidecarNote(new QLabel)
{
    auto *l = new QVBoxLayout(this);
    l->setContentsMargins(4, 4, 4, 4);
    l->addWidget(m_sidecarNote);
    l->addWidget(m_header);
    l->addWidget(m_list, 1);
    m_sidecarNote->setWordWrap(true);
    m_sidecarNote->setObjectName(QStringLiteral("sidecarNote"));
    m_sidecarNote->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_sidecarNote->hide();
    m_list->setUniformItemSizes(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    updateHeader();
}

void RegionList::setModel(RegionModel *model, QItemSelectionModel *selection)
{
    m_model = model;
    m_list->setModel(model);
    m_list->setSelectionModel(selection);
    connect(model, &QAbstractItemModel::modelReset, this, &RegionList::updateHeader);
    connect(selection, &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            m_list->scrollTo(current);
    });
    updateHeader();
}

void RegionList::setSidecarNote(const QString &note)
{
    m_sidecarNote->setText(note);
    m_sidecarNote->setVisible(!note.isEmpty());
}

int RegionList::count() const { return m_model ? m_model->rowCount() : 0; }

void RegionList::updateHeader()
{
    const int n = count();
    m_header->setText(n == 0 ? tr("No difference regions") : tr("%n region(s) — N / P to step", nullptr, n));
}

} // namespace difflens::ui
