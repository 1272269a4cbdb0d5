// ComparisonSession: the layered route for pairs too large to decode whole (split from
// comparisonsession.cpp; comparison.h wantsLayeredRoute says when): its store's options, the repaints while its rows
// stream in, then the full-resolution tiles in the background.
#include "comparisonsession.h"

#include "comparecontroller.h"
#include "tilecache.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QStorageInfo>
#include <QTimer>

#include <algorithm>

namespace difflens::ui {

namespace {

// The folder of the tile cache files. Each file is unlinked as soon as it is created (it
// goes with its store, even after a crash); files left by a process that died before the
// unlink are removed here, once per process, when older than a day.
QString tileCacheDir()
{
    static const QString dir = [] {
        QString base = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
        if (base.isEmpty())
            base = QDir::tempPath() + QStringLiteral("/difflens-cache");
        const QString path = base + QStringLiteral("/tiles");
        if (!QDir().mkpath(path))
            return QDir::tempPath();
        const QDateTime stale = QDateTime::currentDateTime().addDays(-1);
        const QDir d(path);
        for (const QFileInfo &f : d.entryInfoList({QStringLiteral("difflens-tiles-*")}, QDir::Files))
            if (f.lastModified() < stale)
                QFile::remove(f.absoluteFilePath());
        return path;
    }();
    return dir;
}

} // namespace

LayerStore::Options ComparisonSession::layerStoreOptions() const
{
    LayerStore::Options o;
    o.cacheDir = tileCacheDir().toStdString();
    // The in-memory levels take a quarter of a budget set in Settings → Memory, at most
    // 512 MiB; 256 MiB when the budget is automatic. The band buffers and the tile strips
    // come on top (the comparison counts them, see compareFilesLayered).
    const qint64 budget = qint64(m_settings.memoryBudgetMiB) << 20;
    o.memoryByteLimit = budget > 0 ? std::min<qint64>(budget / 4, qint64(512) << 20) : qint64(256) << 20;
    const qint64 free = QStorageInfo(QString::fromStdString(o.cacheDir)).bytesAvailable();
    o.cacheByteLimit = std::min<qint64>(qint64(16) << 30, free > 0 ? free / 2 : qint64(1) << 30);
    return o;
}

// A layered stage: stage 1 starts the repaints of the streaming rows; the end starts the
// full-resolution pass, or stops them.
void ComparisonSession::onLayeredStage(const Comparison &c)
{
    if (c.stage == ComparisonStage::Opened && !c.finished) {
        TileCache::instance()->clear();
        m_fullResolutionPending = false;
        m_layeredTimer->start();
        return;
    }
    if (!c.finished)
        return;
    m_fullResolutionPending = c.compared() && c.fullResolutionPending;
    if (m_fullResolutionPending)
        m_controller->submitFullResolution(m_controller->generation(), m_result);
    else
        m_layeredTimer->stop();
    TileCache::instance()->notifyChanged();
}

void ComparisonSession::onLayeredTick()
{
    TileCache::instance()->notifyChanged();
    if (m_result && m_result->preview())
        Q_EMIT layersChanged(); // the status line's progress
}

void ComparisonSession::onFullResolution(quint64, bool ok, const QString &error)
{
    if (!m_fullResolutionPending)
        return;
    m_layeredTimer->stop();
    m_fullResolutionPending = false;
    if (!ok)
        Q_EMIT message(tr("Full-resolution tiles: %1. Zoomed-in views show the reduced level.").arg(error));
    TileCache::instance()->notifyChanged();
    Q_EMIT layersChanged();
}

} // namespace difflens::ui
