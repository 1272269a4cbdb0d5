// Recent pairs: the list in memory until a writer thread has stored it in QSettings.
#include "recentpairs.h"

#include <QCoreApplication>
#include <QSettings>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

namespace difflens::ui {

namespace {
const QString kKey = QStringLiteral("recent/pairs");

// What the writer thread shares with the GUI thread. `latest` is the list the file will hold
// once the writer is done (set by add/clear, dropped when written with nothing newer);
// `dirty` says the writer has not taken it yet.
struct WriterState {
    std::mutex mutex;
    std::condition_variable idle;
    std::optional<QStringList> latest;
    bool dirty = false;
    bool running = false;
    bool postRoutine = false;
    RecentPairs::Writer writer;
    std::thread thread;

    ~WriterState()
    {
        if (thread.joinable())
            thread.join();
    }
};

WriterState &state()
{
    static WriterState s;
    return s;
}

QList<RecentPairs::Pair> unflatten(const QStringList &flat)
{
    QList<RecentPairs::Pair> out;
    for (int i = 0; i + 1 < flat.size(); i += 2)
        out.append({flat[i], flat[i + 1]});
    return out;
}

// The writer thread: stores the newest list until none is waiting, then ends.
void writeLoop()
{
    WriterState &s = state();
    std::unique_lock<std::mutex> lock(s.mutex);
    while (s.dirty) {
        const QStringList flat = *s.latest;
        s.dirty = false;
        const RecentPairs::Writer writer = s.writer;
        lock.unlock();
        if (writer)
            writer(flat);
        else
            RecentPairs::writeSettings(flat);
        lock.lock();
    }
    s.latest.reset();
    s.running = false;
    s.idle.notify_all();
}

void flushAtExit() { RecentPairs::flush(); }

// Hands the list to the writer thread, starting it if it is not running.
void store(QStringList flat)
{
    WriterState &s = state();
    std::unique_lock<std::mutex> lock(s.mutex);
    s.latest = std::move(flat);
    s.dirty = true;
    if (!s.postRoutine && QCoreApplication::instance()) {
        qAddPostRoutine(&flushAtExit);
        s.postRoutine = true;
    }
    if (s.running)
        return;
    if (s.thread.joinable())
        s.thread.join(); // the last writer has left its loop: it is only returning
    s.running = true;
    try {
        s.thread = std::thread(&writeLoop);
    } catch (const std::system_error &) {
        // No room for the thread's stack (under a memory limit): store it on this thread.
        lock.unlock();
        writeLoop();
    }
}
} // namespace

QList<RecentPairs::Pair> RecentPairs::load()
{
    {
        WriterState &s = state();
        std::lock_guard<std::mutex> lock(s.mutex);
        if (s.latest)
            return unflatten(*s.latest);
    }
    QSettings settings;
    return unflatten(settings.value(kKey).toStringList());
}

void RecentPairs::add(const QString &a, const QString &b)
{
    if (a.isEmpty() || b.isEmpty())
        return;
    QList<Pair> pairs = load();
    pairs.removeAll(Pair{a, b});
    pairs.prepend({a, b});
    while (pairs.size() > kMax)
        pairs.removeLast();
    QStringList flat;
    for (const Pair &p : pairs)
        flat << p.first << p.second;
    store(std::move(flat));
}

void RecentPairs::clear() { store({}); }

void RecentPairs::flush()
{
    WriterState &s = state();
    std::unique_lock<std::mutex> lock(s.mutex);
    s.idle.wait(lock, [&s] { return !s.running; });
    if (s.thread.joinable())
        s.thread.join();
}

void RecentPairs::writeSettings(const QStringList &flat)
{
    QSettings settings;
    if (flat.isEmpty())
        settings.remove(kKey);
    else
        settings.setValue(kKey, flat);
}

void RecentPairs::setWriter(Writer writer)
{
    WriterState &s = state();
    std::lock_guard<std::mutex> lock(s.mutex);
    s.writer = std::move(writer);
}

} // namespace difflens::ui
