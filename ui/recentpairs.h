#pragma once
// Most recently opened pairs, newest first, kept in QSettings ("recent/pairs"); written off
// the GUI thread (QSettings syncs the file with an fdatasync), coalesced, flushed at exit.
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <functional>

namespace difflens::ui {

class RecentPairs {
public:
    using Pair = QPair<QString, QString>;
    // Stores the flattened list (a1, b1, a2, b2, …; empty: remove the key). Runs on the writer
    // thread, never on the GUI thread.
    using Writer = std::function<void(const QStringList &flat)>;
    static constexpr int kMax = 10;
    // The list as it will be on disk: the one waiting to be written, else QSettings'.
    static QList<Pair> load();
    // Both return at once: the write runs on the writer thread; adds in a burst are written
    // once, the newest list.
    static void add(const QString &a, const QString &b);
    static void clear();
    // Waits until every list asked for is written. Runs by itself when the application object
    // is destroyed (qAddPostRoutine), so nothing added before the exit is lost.
    static void flush();
    // The default writer: QSettings ("recent/pairs"), synced when it goes out of scope.
    static void writeSettings(const QStringList &flat);
    // Tests: the writer the writer thread calls (nullptr: writeSettings).
    static void setWriter(Writer writer);
};

} // namespace difflens::ui
