#pragma once
// Table model of a folder review: one row per pair (summary, decision, note). Rows are added
// as pairs finish; the model holds summaries only, never images.
#include "difflens/compare/review/session.h"

#include <QAbstractTableModel>
#include <QIcon>

#include <string>
#include <unordered_map>
#include <vector>

namespace difflens::ui {

class ReviewTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { StatusColumn, NameColumn, MismatchColumn, SsimColumn, SizeColumn, RegionsColumn, DecisionColumn,
                  ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, StatusRole, FailureRole, RelPathRole, NoteRole, DecisionRole };

    explicit ReviewTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

    void clear();
    // Adds or replaces the row of entry.summary.relPath.
    void upsert(const review::ReviewEntry &entry);
    void upsertMany(const std::vector<review::ReviewEntry> &entries);
    int rowOf(const std::string &relPath) const;
    const review::ReviewEntry &entry(int row) const { return m_rows[size_t(row)]; }
    void setDecision(int row, review::Decision d);
    void setNote(int row, const std::string &note);
    review::StatusCounts counts() const;
    int64_t decisionCount(review::Decision d) const;

    static QIcon statusIcon(review::PairStatus s);
    static QColor statusColor(review::PairStatus s);

private:
    std::vector<review::ReviewEntry> m_rows;
    std::unordered_map<std::string, int> m_index;
};

} // namespace difflens::ui
