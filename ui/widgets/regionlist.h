#pragma once
// List of difference regions with their pixel counts; activating one centres it.
#include "viewdata.h"

#include <QWidget>

class QListWidget;
class QLabel;

namespace difflens::ui {

class RegionList : public QWidget {
    Q_OBJECT
public:
    explicit RegionList(QWidget *parent = nullptr);
    void setRegions(const QVector<RegionItem> &regions);
    void setCurrent(int index);
    int count() const;
    QListWidget *list() const { return m_list; }

Q_SIGNALS:
    void regionActivated(int index);

private:
    QListWidget *m_list;
    QLabel *m_header;
    bool m_updating = false;
};

} // namespace difflens::ui
