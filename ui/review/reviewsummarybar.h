#pragma once
// One line of counts per status ("● 950 identical  ■ 12 different ..."), plus progress.
#include "difflens/compare/review/types.h"

#include <QWidget>

class QLabel;

namespace difflens::ui {

class ReviewSummaryBar : public QWidget {
    Q_OBJECT
public:
    explicit ReviewSummaryBar(QWidget *parent = nullptr);
    void setCounts(const review::StatusCounts &counts, int64_t approved, int64_t flagged);
    void setProgress(int64_t done, bool running);
    QString text() const; // plain text of all labels (tests)

private:
    QLabel *m_labels[review::kPairStatusCount] = {};
    QLabel *m_decisions;
    QLabel *m_progress;
};

} // namespace difflens::ui
