#pragma once
// The review table: single-key review commands (J/K next/previous failure, A approve,
// F flag, U undo) take precedence over the window's shortcuts while the table has focus.
#include <QTableView>

namespace difflens::ui {

class ReviewTableView : public QTableView {
    Q_OBJECT
public:
    explicit ReviewTableView(QWidget *parent = nullptr);

Q_SIGNALS:
    void nextFailureRequested();
    void previousFailureRequested();
    void approveRequested();
    void flagRequested();
    void undoRequested();

protected:
    bool event(QEvent *e) override;
    void keyPressEvent(QKeyEvent *e) override;

private:
    static bool isReviewKey(const QKeyEvent *e);
};

} // namespace difflens::ui
