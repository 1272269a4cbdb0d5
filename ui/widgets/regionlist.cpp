#include "widgets/regionlist.h"

#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QVBoxLayout>

namespace difflens::ui {

RegionList::RegionList(QWidget *parent) : QWidget(parent), m_list(new QListWidget), m_header(new QLabel)
{
    auto *l = new QVBoxLayout(this);
    l->setContentsMargins(4, 4, 4, 4);
    l->addWidget(m_header);
    l->addWidget(m_list, 1);
    m_list->setUniformItemSizes(true);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (!m_updating && row >= 0)
            Q_EMIT regionActivated(row);
    });
    setRegions({});
}

void RegionList::setRegions(const QVector<RegionItem> &regions)
{
    m_updating = true;
    m_list->clear();
    const QLocale loc;
    for (int i = 0; i < regions.size(); ++i) {
        const RegionItem &r = regions[i];
        m_list->addItem(tr("#%1  %2 px  (%3, %4) %5×%6")
                            .arg(i + 1)
                            .arg(loc.toString(r.pixels))
                            .arg(r.box.x())
                            .arg(r.box.y())
                            .arg(r.box.width())
                            .arg(r.box.height()));
    }
    m_header->setText(regions.isEmpty() ? tr("No difference regions") : tr("%n region(s) — N / P to step", nullptr, int(regions.size())));
    m_updating = false;
}

void RegionList::setCurrent(int index)
{
    m_updating = true;
    m_list->setCurrentRow(index);
    m_updating = false;
}

int RegionList::count() const { return m_list->count(); }

} // namespace difflens::ui
