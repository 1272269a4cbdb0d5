#pragma once
// Table model of a folder review: a read-only view over the ReviewSession that the
// ReviewController owns (one row per entry, in arrival order). It holds no decisions,
// notes or summaries of its own: the controller changes the session, then tells the model
// which entries changed (entriesChanged) so it emits rowsInserted/dataChanged.
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
    // FLIP: the pair's FLIP mean ("—" when not computed); Shift: mismatches tolerated by the
    // shift tolerance ("—" when none).
    enum Column { StatusColumn, NameColumn, MismatchColumn, SsimColumn, FlipColumn, ShiftColumn, SizeColumn,
                  RegionsColumn, DecisionColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, StatusRole, FailureRole, RelPathRole, NoteRole, DecisionRole };

    explicit ReviewTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

    // Shows `session` (null: nothing). The session must outlive the model's use of it; call
    // setSession again (a model reset) whenever its entries map is replaced as a whole.
    void setSession(const review::ReviewSession *session);
    // Entries of these paths were added or changed in the session: new ones become rows,
    // existing rows emit dataChanged.
    void entriesChanged(const std::vector<std::string> &relPaths);
    void entryChanged(const std::string &relPath) { entriesChanged({relPath}); }

    int rowOf(const std::string &relPath) const;
    const review::ReviewEntry &entry(int row) const { return *m_rows[size_t(row)]; }
    review::StatusCounts counts() const;
    int64_t decisionCount(review::Decision d) const;

    static QIcon statusIcon(review::PairStatus s);
    static QColor statusColor(review::PairStatus s);

private:
    const review::ReviewSession *m_session = nullptr;
    std::vector<const review::ReviewEntry *> m_rows;      // into m_session->entries (stable map nodes)
    std::unordered_map<std::string, int> m_index;         // relPath -> row
};

} // namespace difflens::ui
