// Autosave of review decisions and notes (see reviewautosave.h).
#include "reviewautosave.h"

#include <QDir>
#include <QTimer>

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

ReviewAutosave::ReviewAutosave(QObject *parent) : QObject(parent), m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(500);
    connect(m_timer, &QTimer::timeout, this, [this] { flush(); });
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
    flush();
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

bool ReviewAutosave::flush()
{
    m_timer->stop();
    if (!m_dirty || !m_session)
        return true;
    m_dirty = false;
    return write();
}

bool ReviewAutosave::write()
{
    const QString path = target();
    if (path.isEmpty())
        return true;
    std::string error;
    if (!m_session->save(path.toStdString(), error)) {
        m_error = tr("Review not saved to %1: %2").arg(QDir::toNativeSeparators(path), QString::fromStdString(error));
        Q_EMIT saveFailed(m_error);
        return false;
    }
    m_written = true;
    m_error.clear();
    return true;
}

} // namespace difflens::ui
