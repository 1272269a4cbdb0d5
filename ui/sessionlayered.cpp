// ComparisonSession: the layered route for pairs too large to decode whole (split from
// comparisonsession.cpp): the exact streamed pass shown as its rows arrive, then the
// full-resolution tiles in the background.
#include "comparisonsession.h"

#include "colormap.h"
#include "comparecontroller.h"
#include "memoryerror.h"
#include "tilecache.h"

#include "difflens/compare/load.h"
#include "difflens/engine/pixelmatch.h"

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

qint64 pixelsOf(const QString &path)
{
    ImageFileSize size;
    std::string error;
    return probeImageFile(path.toStdString(), size, error) ? qint64(size.width) * size.height : 0;
}

// Which side a failed job's error is about.
Side sideOf(const CompareResult &r, const QString &pathA, const QString &pathB)
{
    const QString file = QString::fromStdString(r.errorFile);
    if (!file.isEmpty() && file == pathA)
        return Side::A;
    if (!file.isEmpty() && file == pathB)
        return Side::B;
    return Side::None;
}

} // namespace

bool ComparisonSession::wantsLayered() const
{
    if (m_a.path.isEmpty() || m_b.path.isEmpty()) // a pasted image is in memory already
        return false;
    // A side whose header cannot be read, or that is over the pixel limit, takes the whole
    // route: it names that side's error in its pane and still shows the other side.
    const qint64 a = pixelsOf(m_a.path), b = pixelsOf(m_b.path), limit = CompareOptions().maxPixels;
    if (a <= 0 || b <= 0 || a > limit || b > limit)
        return false;
    return std::max(a, b) > m_layeredPixels;
}

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

void ComparisonSession::compareLayered(CompareOptions options)
{
    LayeredRequest req;
    req.pathA = m_a.path;
    req.pathB = m_b.path;
    options.job.ssim.wantMap = false; // a streamed SSIM keeps its mean and regions, not its map
    req.options = std::move(options);
    req.layers = layerStoreOptions();
    m_controller->submitLayered(std::move(req));
}

void ComparisonSession::onLayeredOpened(quint64 generation, const ImageInfo &a, const ImageInfo &b,
                                        const std::shared_ptr<LayerStore> &store)
{
    auto o = std::make_shared<CompareOutcome>();
    o->generation = generation;
    for (auto side : {std::make_pair(&o->a, &a), std::make_pair(&o->b, &b)}) {
        SideOutput &s = *side.first;
        s.info = *side.second;
        s.path = QString::fromStdString(side.second->path);
        s.size = QSize(side.second->width, side.second->height);
        s.depth = side.second->depth > 8 ? 16 : 8;
    }
    o->a.view = ViewImage::layered(store, LayerKind::A);
    o->b.view = ViewImage::layered(store, LayerKind::B);
    o->diff = ViewImage::layered(store, LayerKind::Diff);
    o->heat = ViewImage::layered(store, LayerKind::Heat); // colours follow the peak (viewimage.cpp)
    o->mask = ViewImage::layered(store, LayerKind::Mask, engineMaskTable(m_settings.diffColor, m_settings.aaColor));
    o->store = store;
    o->preview = true;
    auto old = std::make_shared<std::shared_ptr<const CompareOutcome>>(m_outcome);
    for (auto side : {std::make_pair(&m_a, &o->a), std::make_pair(&m_b, &o->b)}) {
        side.first->image.reset();
        side.first->info = side.second->info;
        side.first->error.clear();
    }
    TileCache::instance()->clear();
    m_outcome = o;
    publish(m_outcome.get());
    Q_EMIT resultChanged();
    m_layeredTimer->start();
    m_controller->releaseLater(std::move(old));
}

void ComparisonSession::onLayeredTick()
{
    TileCache::instance()->notifyChanged();
    if (m_outcome && m_outcome->preview)
        Q_EMIT layersChanged(); // the status line's progress
}

void ComparisonSession::onLayeredFinished(const LayeredOutcome &outcome)
{
    const bool opened = m_outcome && m_outcome->generation == outcome.generation;
    auto merged = opened ? std::make_shared<CompareOutcome>(*m_outcome) : std::make_shared<CompareOutcome>();
    merged->generation = outcome.generation;
    merged->preview = false;
    merged->result = outcome.result;
    merged->options = outcome.options;
    merged->elapsedMs = outcome.elapsedMs;
    merged->compareMs = outcome.elapsedMs;
    merged->canceled = outcome.canceled;
    if (outcome.canceled) {
        m_layeredTimer->stop();
        merged->compared = false;
        Q_EMIT message(tr("Comparison canceled"));
    } else if (!outcome.error.isEmpty()) {
        m_layeredTimer->stop();
        merged->compared = false;
        merged->outOfMemory = outcome.outOfMemory;
        if (outcome.outOfMemory) {
            // Every pane says what did not fit and what the user can do.
            const CompareResult &r = outcome.result;
            const qint64 needed = layerStoreOptions().memoryByteLimit + std::max<qint64>(0, r.job.plan.estimatedPeakBytes);
            merged->compareError =
                outOfMemoryMessage(QSize(r.a.width, r.a.height), QSize(r.b.width, r.b.height), needed);
            merged->a.view = merged->b.view = merged->diff = merged->heat = merged->mask = {};
            merged->store.reset();
        } else {
            const Side side = sideOf(outcome.result, m_a.path, m_b.path);
            if (side == Side::A)
                merged->a.error = QString::fromStdString(outcome.result.errorReason);
            else if (side == Side::B)
                merged->b.error = QString::fromStdString(outcome.result.errorReason);
            else
                merged->compareError = outcome.error;
        }
        m_a.error = merged->a.error;
        m_b.error = merged->b.error;
        Q_EMIT message(outcome.error);
    } else {
        merged->compared = true;
        merged->layersReady = true;
        merged->heatPeak = merged->store ? merged->store->heatPeak() : 0;
        merged->fullResolutionPending = merged->store && merged->store->deferredFullResolution();
        if (merged->fullResolutionPending) {
            FullResolutionRequest req;
            req.generation = outcome.generation;
            req.pathA = m_a.path;
            req.pathB = m_b.path;
            req.options = outcome.options;
            req.store = merged->store;
            m_controller->submitFullResolution(std::move(req));
        } else {
            m_layeredTimer->stop();
        }
    }
    auto old = std::make_shared<std::shared_ptr<const CompareOutcome>>(m_outcome);
    m_outcome = merged;
    publish(m_outcome.get());
    TileCache::instance()->notifyChanged();
    Q_EMIT resultChanged();
    if (merged->compared)
        Q_EMIT layersChanged();
    m_controller->releaseLater(std::move(old));
}

void ComparisonSession::onFullResolution(const FullResolutionOutcome &outcome)
{
    if (!m_outcome || m_outcome->generation != outcome.generation)
        return;
    m_layeredTimer->stop();
    auto merged = std::make_shared<CompareOutcome>(*m_outcome);
    merged->fullResolutionPending = false;
    if (!outcome.ok && !outcome.canceled)
        Q_EMIT message(tr("Full-resolution tiles: %1. Zoomed-in views show the reduced level.").arg(outcome.error));
    m_outcome = merged;
    TileCache::instance()->notifyChanged();
    Q_EMIT layersChanged();
}

} // namespace difflens::ui
