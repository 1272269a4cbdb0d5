#pragma once
// Keeps a review's decisions and notes on disk as they are made: the session is written
// (atomically, writeFileAtomically through ReviewSession::save) to the session file once
// the review has one, else to the autosave beside the baseline,
// <baseline>/.difflens-review.autosave.json (docs/review.md, "Autosave"). Decisions are
// written at once; note edits after a short pause (and always by flush(), which the owner
// calls before it switches or drops the session).
// Writing (JSON and the atomic write: about 0.5 s for 10,000 pairs) runs on a background
// thread from a copy of the session taken on the GUI thread (about 5 ms for 10,000), one
// write at a time; a change made meanwhile is written when it ends. flush() waits for it
// and writes what is still pending on the calling thread.
#include "difflens/compare/review/session.h"

#include <QFuture>
#include <QObject>
#include <QString>

#include <memory>

class QThreadPool;
class QTimer;

namespace difflens::ui {

class ReviewAutosave : public QObject {
    Q_OBJECT
public:
    static const char *fileName() { return ".difflens-review.autosave.json"; }
    static QString pathFor(const QString &baselineRoot);
    // Decisions plus non-empty notes: what the user made (results alone need no autosave).
    static int userWork(const review::ReviewSession &session);

    explicit ReviewAutosave(QObject *parent = nullptr);
    ~ReviewAutosave() override; // flushes

    // The session to keep and where: `sessionFile` when not empty, else pathFor(baseline).
    // Flushes what is pending for the previous session first.
    void setSession(const review::ReviewSession *session, const QString &sessionFile);
    QString target() const;
    void saveNow();        // a decision: written at once
    void saveSoon();       // a note edit, one approval of a batch: written after a pause
    void resultsChanged(); // rewrites only a file this session has already written
    bool flush();          // writes what is pending; false (and error()) when it failed
    bool isWriting() const { return !m_taken; }
    QString error() const { return m_error; }

Q_SIGNALS:
    void saveFailed(const QString &message);

private:
    void startWrite();                 // in the background
    void written(quint64 id);          // on the GUI thread, once a background write ended
    bool report(const QString &path, const QString &error);

    const review::ReviewSession *m_session = nullptr;
    QString m_sessionFile;
    QTimer *m_timer;
    std::unique_ptr<QThreadPool> m_pool;
    QFuture<QString> m_writing;        // the background write's error ("" when it succeeded)
    QString m_writingPath;
    quint64 m_writeId = 0;
    bool m_taken = true;               // the outcome of m_writing was handled
    bool m_dirty = false;
    bool m_written = false; // this session has a file (written here, or opened from one)
    QString m_error;
};

} // namespace difflens::ui
