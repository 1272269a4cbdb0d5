#pragma once
// Filtering (failures only, text in name or note) and numeric sorting of the review table.
#include <QSortFilterProxyModel>

namespace difflens::ui {

class ReviewFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit ReviewFilterProxy(QObject *parent = nullptr);

    void setFailuresOnly(bool on);
    bool failuresOnly() const { return m_failuresOnly; }
    void setText(const QString &text);
    QString text() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    bool m_failuresOnly = false;
    QString m_text;
};

} // namespace difflens::ui
