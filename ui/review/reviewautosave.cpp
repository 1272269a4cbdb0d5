// Autosave of review decisions and notes (see reviewautosave.h).
#include "reviewautosave.h"

#include <QDir>
#include <QMetaObject>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace difflens::ui {

QString ReviewAutosave::pathFor(const QString &baselineRoot)
{
    return QDir(baselineRoot).filePath(QString::fromLatin1(fileName()));
}

int ReviewAutosave::userWork(const review::ReviewSession &session)
{
    int n = 0;
    for (const auto &kv : session.entries)
        n += kv.second.decision != review::Decision::None || !kv.second.note.empty() ? 1 : 0;
    return n;
}

ReviewAutosave::ReviewAutosave(QObject *parent)
    : QObject(parent), m_timer(new QTimer(this)), m_pool(std::make_unique<QThreadPool>())
{
    m_pool->setMaxThreadCount(1);
    m_timer->setSingleShot(true);
    m_timer->setInterval(500);
    connect(m_timer, &QTimer::timeout, this, &ReviewAutosave::startWrite);
}

ReviewAutosave::~ReviewAutosave()
{
    flush();
}

void ReviewAutosave::setSession(const review::ReviewSession *session, const QString &sessionFile)
{
    flush();
    m_session = session;
    m_sessionFile = sessionFile;
    m_written = !sessionFile.isEmpty();
    m_dirty = false;
}

QString ReviewAutosave::target() const
{
    if (!m_sessionFile.isEmpty())
        return m_sessionFile;
    return m_session && !m_session->baselineRoot.empty() ? pathFor(QString::fromStdString(m_session->baselineRoot))
                                                          : QString();
}

void ReviewAutosave::saveNow()
{
    m_dirty = true;
    m_timer->stop();
    startWrite();
}

void ReviewAutosave::saveSoon()
{
    m_dirty = true;
    m_timer->start();
}

void ReviewAutosave::resultsChanged()
{
    if (m_written) {
        m_dirty = true;
        m_timer->start();
    }
}

void ReviewAutosave::startWrite()
{
    if (!m_dirty || !m_session || isWriting())
        return; // a write in flight: written() starts the next one
    const QString path = target();
    if (path.isEmpty())
        return;
    m_dirty = false;
    m_written = true;
    auto snapshot = std::make_shared<const review::ReviewSession>(*m_session);
    const quint64 id = ++m_writeId;
    m_writingPath = path;
    m_taken = false;
    ReviewAutosave *self = this; // alive until the write ends: flush() (the destructor) waits
    m_writing = QtConcurrent::run(m_pool.get(), [self, snapshot, path, id] {
        std::string error;
        const QString result = snapshot->save(path.toStdString(), error) ? QString() : QString::fromStdString(error);
        QMetaObject::invokeMethod(self, [self, id] { self->written(id); }, Qt::QueuedConnection);
        return result;
    });
}

void ReviewAutosave::written(quint64 id)
{
    if (id != m_writeId || m_taken)
        return; // flush() handled it
    m_taken = true;
    report(m_writingPath, m_writing.result());
    startWrite(); // what changed meanwhile
}

bool ReviewAutosave::report(const QString &path, const QString &error)
{
    if (error.isEmpty()) {
        m_error.clear();
        return true;
    }
    m_error = tr("Review not saved to %1: %2").arg(QDir::toNativeSeparators(path), error);
    Q_EMIT saveFailed(m_error);
    return false;
}

bool ReviewAutosave::flush()
{
    m_timer->stop();
    bool ok = true;
    if (isWriting()) {
        m_writing.waitForFinished();
        m_taken = true;
        ok = report(m_writingPath, m_writing.result());
    }
    if (!m_dirty || !m_session)
        return ok;
    const QString path = target();
    if (path.isEmpty())
        return ok;
    m_dirty = false;
    m_written = true;
    std::string error;
    return report(path, m_session->save(path.toStdString(), error) ? QString() : QString::fromStdString(error)) && ok;
}

} // namespace difflens::ui
