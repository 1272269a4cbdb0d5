// ComparisonSession: inputs, options, sidecar, re-compares and merging of job results.
#include "comparisonsession.h"

#include "colormap.h"
#include "comparecontroller.h"

#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QTimer>

#include <algorithm>

namespace difflens::ui {

ComparisonSession::ComparisonSession(QObject *parent)
    : QObject(parent), m_controller(new CompareController(this)), m_debounce(new QTimer(this)),
      m_reloadTimer(new QTimer(this)), m_watcher(new QFileSystemWatcher(this)), m_data(std::make_shared<ViewData>()),
      m_layeredTimer(new QTimer(this))
{
    m_layeredTimer->setInterval(100);
    connect(m_layeredTimer, &QTimer::timeout, this, &ComparisonSession::onLayeredTick);
    connect(m_controller, &CompareController::layeredOpened, this, &ComparisonSession::onLayeredOpened);
    connect(m_controller, &CompareController::layeredFinished, this, &ComparisonSession::onLayeredFinished);
    connect(m_controller, &CompareController::fullResolutionFinished, this, &ComparisonSession::onFullResolution);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &ComparisonSession::compareNow);
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(250);
    connect(m_reloadTimer, &QTimer::timeout, this, [this] {
        const QStringList changed = m_changedPaths;
        m_changedPaths.clear();
        bool any = false;
        for (Side s : {Side::A, Side::B}) {
            if (!state(s).path.isEmpty() && changed.contains(state(s).path)) {
                state(s).image.reset();
                any = true;
            }
        }
        watchPaths();
        if (any) {
            Q_EMIT message(tr("Reloaded after a change on disk"));
            compareNow();
        }
    });
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &ComparisonSession::onFileChanged);
    connect(m_controller, &CompareController::finished, this, &ComparisonSession::onFinished);
    connect(m_controller, &CompareController::layersFinished, this, &ComparisonSession::onLayers);
    connect(m_controller, &CompareController::busyChanged, this, &ComparisonSession::busyChanged);
    setSettings(m_settings);
}

ComparisonSession::~ComparisonSession() { shutdown(); }

namespace {
// Gives the SSIM map and the mask the colours of `settings` where they have others (a layer
// built before a colour change). Qt copies a wrapped layer's bytes to give it a new table.
void applyColours(CompareOutcome &o, const AppSettings &settings)
{
    const QVector<QRgb> ssim = colormapTable(settings.colormap);
    if (!o.ssim.isNull() && o.ssim.colorTable() != ssim)
        o.ssim.setColorTable(ssim);
    const QVector<QRgb> mask = o.mask.isLayered() ? engineMaskTable(settings.diffColor, settings.aaColor)
                                                  : maskTable(settings.diffColor, settings.aaColor);
    if (!o.mask.isNull() && o.mask.colorTable() != mask)
        o.mask.setColorTable(mask);
}
} // namespace

void ComparisonSession::setSettings(const AppSettings &settings)
{
    const bool recompare = m_outcome && (settings.device != m_settings.device || settings.tier != m_settings.tier ||
                                         settings.memoryBudgetMiB != m_settings.memoryBudgetMiB);
    // Colours only change the tables of the indexed layers (SSIM map, mask): recoloured in
    // place, no new comparison; layers still being built get them when they arrive (onLayers).
    const bool recolour = settings.colormap != m_settings.colormap || settings.diffColor != m_settings.diffColor ||
                          settings.aaColor != m_settings.aaColor;
    const bool first = !m_outcome && m_a.path.isEmpty() && m_b.path.isEmpty();
    m_settings = settings;
    if (first) {
        m_threshold = settings.defaultThreshold;
        m_includeAA = settings.defaultIncludeAA;
        m_shift = std::clamp(settings.shift, 0, kMaxPixelmatchShift);
        m_align = settings.align;
        m_flip = settings.computeFlip;
    }
    if (recompare) {
        scheduleCompare();
    } else if (recolour && m_outcome) {
        auto recoloured = std::make_shared<CompareOutcome>(*m_outcome);
        applyColours(*recoloured, settings);
        m_outcome = recoloured;
        publish(m_outcome.get());
        Q_EMIT layersChanged();
    }
}

void ComparisonSession::openPair(const QString &pathA, const QString &pathB)
{
    m_a = SideState{pathA, QFileInfo(pathA).fileName(), {}, {}, {}};
    m_b = SideState{pathB, QFileInfo(pathB).fileName(), {}, {}, {}};
    loadSidecar();
    watchPaths();
    Q_EMIT pathsChanged(pathA, pathB);
    compareNow();
}

void ComparisonSession::setSidePath(Side side, const QString &path)
{
    if (side == Side::None)
        return;
    state(side) = SideState{path, QFileInfo(path).fileName(), {}, {}, {}};
    loadSidecar();
    watchPaths();
    Q_EMIT pathsChanged(m_a.path, m_b.path);
    compareNow();
}

void ComparisonSession::setSideImage(Side side, std::shared_ptr<const Image> image, const QString &label)
{
    if (side == Side::None || !image)
        return;
    SideState s;
    s.label = label;
    s.info.path = label.toStdString();
    s.info.width = image->width();
    s.info.height = image->height();
    s.info.channels = image->channels();
    s.info.depth = image->depth();
    s.image = std::move(image);
    state(side) = s;
    watchPaths();
    Q_EMIT pathsChanged(m_a.path, m_b.path);
    compareNow();
}

void ComparisonSession::reload()
{
    for (Side s : {Side::A, Side::B})
        if (!state(s).path.isEmpty())
            state(s).image.reset();
    compareNow();
}

QString ComparisonSession::path(Side side) const { return side == Side::None ? QString() : state(side).path; }

bool ComparisonSession::hasImage(Side side) const
{
    return side != Side::None && (state(side).image || !state(side).path.isEmpty());
}

void ComparisonSession::setThreshold(double threshold)
{
    if (threshold == m_threshold)
        return;
    m_threshold = threshold;
    scheduleCompare();
}

void ComparisonSession::setIncludeAA(bool on)
{
    if (on == m_includeAA)
        return;
    m_includeAA = on;
    scheduleCompare();
}

void ComparisonSession::setComputeSsim(bool on)
{
    if (on == m_ssim)
        return;
    m_ssim = on;
    scheduleCompare();
}

void ComparisonSession::setComputeFlip(bool on)
{
    if (on == m_flip)
        return;
    m_flip = on;
    scheduleCompare();
}

void ComparisonSession::setShift(int shift)
{
    shift = std::clamp(shift, 0, kMaxPixelmatchShift);
    if (shift == m_shift)
        return;
    m_shift = shift;
    scheduleCompare();
}

void ComparisonSession::setAlign(bool on)
{
    if (on == m_align)
        return;
    m_align = on;
    scheduleCompare();
}

bool ComparisonSession::addIgnoreRect(const QRect &rect)
{
    if (rect.isEmpty())
        return false;
    if (sidecarPath() == m_brokenSidecar && !m_brokenSidecar.isEmpty()) {
        Q_EMIT message(tr("Region not added: %1 could not be loaded (%2) and is not overwritten")
                           .arg(QFileInfo(m_brokenSidecar).fileName(), m_sidecarError));
        return false;
    }
    // Drawn in the views' frame (A's); kept in B's coordinates, as the comparison and the
    // CLI read them (docs/cli.md, Auto-alignment).
    const QRect inB = m_data ? rect.translated(-m_data->alignOffset) : rect;
    m_sidecar.ignore.push_back({Rect{inB.x(), inB.y(), inB.width(), inB.height()}, {}, {}});
    m_ignore.append(inB);
    saveSidecar();
    scheduleCompare();
    return true;
}

void ComparisonSession::clearIgnoreRects()
{
    if (m_ignore.isEmpty())
        return;
    m_sidecar.ignore.clear(); // the top-level fields stay
    m_ignore.clear();
    saveSidecar();
    scheduleCompare();
}

QString ComparisonSession::sidecarPath() const
{
    if (!m_sidecarFile.isEmpty())
        return m_sidecarFile;
    if (!m_brokenSidecar.isEmpty()) // refused by saveSidecar until startNewSidecar
        return m_brokenSidecar;
    const QString anchor = !m_b.path.isEmpty() ? m_b.path : m_a.path;
    return anchor.isEmpty() ? QString() : QString::fromStdString(sidecarPathFor(anchor.toStdString()));
}

QString ComparisonSession::startNewSidecar()
{
    if (m_brokenSidecar.isEmpty())
        return sidecarPath();
    m_sidecarFile = QString::fromStdString(replacementSidecarPath(m_brokenSidecar.toStdString()));
    Q_EMIT sidecarStatusChanged();
    return m_sidecarFile;
}

void ComparisonSession::loadSidecar()
{
    m_ignore.clear();
    m_sidecar = Sidecar{};
    m_sidecarFile.clear();
    m_brokenSidecar.clear();
    m_sidecarError.clear();
    const std::string found = findSidecar(m_a.path.toStdString(), m_b.path.toStdString());
    if (!found.empty()) {
        std::string error;
        Sidecar sc;
        if (difflens::loadSidecar(found, sc, error)) {
            m_sidecar = std::move(sc);
            m_sidecarFile = QString::fromStdString(found); // saved back where it came from
        } else {
            m_brokenSidecar = QString::fromStdString(found);
            m_sidecarError = QString::fromStdString(error);
            Q_EMIT message(tr("Sidecar %1 not loaded: %2").arg(m_brokenSidecar, m_sidecarError));
            // A new file started beside it earlier (startNewSidecar) is used instead.
            const std::string replacement = replacementSidecarPath(found);
            if (QFileInfo(QString::fromStdString(replacement)).isFile() &&
                difflens::loadSidecar(replacement, sc, error)) {
                m_sidecar = std::move(sc);
                m_sidecarFile = QString::fromStdString(replacement);
            }
        }
    }
    for (const Rect &r : m_sidecar.ignoreRects())
        m_ignore.append(QRect(r.x, r.y, r.width, r.height));
    Q_EMIT sidecarStatusChanged();
}

void ComparisonSession::saveSidecar()
{
    const QString path = sidecarPath();
    if (path.isEmpty())
        return;
    if (path == m_brokenSidecar) // never overwrite what could not be read
        return;
    std::string error;
    if (!difflens::saveSidecar(path.toStdString(), m_sidecar, error)) {
        Q_EMIT message(tr("Cannot save %1: %2").arg(path, QString::fromStdString(error)));
        return;
    }
    const bool first = m_sidecarFile.isEmpty();
    m_sidecarFile = path;
    Q_EMIT message(tr("Ignore regions saved to %1").arg(QFileInfo(path).fileName()));
    if (first)
        Q_EMIT sidecarStatusChanged();
}

void ComparisonSession::watchPaths()
{
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    for (Side s : {Side::A, Side::B})
        if (!state(s).path.isEmpty() && QFileInfo::exists(state(s).path))
            m_watcher->addPath(state(s).path);
}

void ComparisonSession::onFileChanged(const QString &path)
{
    if (!m_changedPaths.contains(path))
        m_changedPaths.append(path);
    m_reloadTimer->start(); // editors often replace the file in several steps
}

void ComparisonSession::scheduleCompare()
{
    if (hasImage(Side::A) || hasImage(Side::B))
        m_debounce->start();
}

void ComparisonSession::compareNow()
{
    m_debounce->stop();
    if (!hasImage(Side::A) && !hasImage(Side::B))
        return;
    CompareRequest req;
    req.a = SideInput{m_a.path, m_a.image, m_a.info};
    req.b = SideInput{m_b.path, m_b.image, m_b.info};
    JobOptions &job = req.options.job;
    m_settings.applyTo(job);
    job.pixelmatch.threshold = m_threshold;
    job.pixelmatch.includeAA = m_includeAA;
    job.computeSsim = m_ssim;
    job.ssim.wantMap = true;
    job.computeFlip = m_flip; // the map is made in the follow-up layers job (fliplayer.h)
    job.pixelmatch.shift = m_shift;
    req.options.align = m_align;
    for (const QRect &r : m_ignore)
        job.ignore.push_back(Rect{r.x(), r.y(), r.width(), r.height()});
    if (wantsLayered()) {
        compareLayered(req.options);
        return;
    }
    m_controller->submit(std::move(req));
}

void ComparisonSession::cancel() { m_controller->cancel(); }

void ComparisonSession::shutdown()
{
    m_debounce->stop();
    m_reloadTimer->stop();
    m_controller->waitForAll();
}

namespace {
// What a new result replaces; released in the background once the views have switched.
struct Leftovers {
    std::shared_ptr<const CompareOutcome> outcome;
    ViewDataPtr data;
    std::shared_ptr<const Image> a, b;
};
} // namespace

void ComparisonSession::onFinished(const CompareOutcome &outcome)
{
    auto old = std::make_shared<Leftovers>(Leftovers{m_outcome, m_data, m_a.image, m_b.image});
    for (auto pair : {std::make_pair(&m_a, &outcome.a), std::make_pair(&m_b, &outcome.b)}) {
        SideState &s = *pair.first;
        s.image = pair.second->image;
        s.info = pair.second->info;
        s.error = pair.second->error;
    }
    m_outcome = std::make_shared<const CompareOutcome>(outcome);
    publish(m_outcome.get());
    if (!outcome.compareError.isEmpty())
        Q_EMIT message(outcome.compareError);
    Q_EMIT resultChanged();
    m_controller->releaseLater(std::move(old));
    submitLayers();
}

void ComparisonSession::submitLayers()
{
    const CompareOutcome *o = m_outcome.get();
    if (!o || !o->compared)
        return;
    LayersRequest req;
    req.generation = o->generation;
    req.a = o->a.image;
    req.b = o->b.image;
    req.infoA = o->a.info;
    req.infoB = o->b.info;
    req.viewA = o->a.view;
    req.viewB = o->b.view;
    req.diff = o->diff;
    req.maskBytes = o->maskBytes;
    const CompareAlignment &al = o->result.alignment;
    // The mask is at the compared size (the common area or the aligned overlap; analysis
    // is always native).
    if (o->diffImage) {
        req.maskWidth = o->diffImage->width();
        req.maskHeight = o->diffImage->height();
    } else if (al.applied) {
        req.maskWidth = al.overlap.width;
        req.maskHeight = al.overlap.height;
    } else {
        req.maskWidth = std::min(o->a.info.width, o->b.info.width);
        req.maskHeight = std::min(o->a.info.height, o->b.info.height);
    }
    if (al.applied && !al.overlap.empty()) { // the heatmap covers the overlap, as the diff
        req.overlapB = al.overlap;
        req.overlapA = Rect{al.overlap.x + al.dx, al.overlap.y + al.dy, al.overlap.width, al.overlap.height};
    }
    req.options = o->options;
    req.colormap = m_settings.colormap;
    req.diffColor = m_settings.diffColor;
    req.aaColor = m_settings.aaColor;
    m_controller->submitLayers(std::move(req));
}

void ComparisonSession::onLayers(const LayersOutcome &layers)
{
    if (!m_outcome || layers.generation != m_outcome->generation || layers.canceled)
        return;
    auto old = std::make_shared<Leftovers>(Leftovers{m_outcome, m_data, {}, {}});
    auto merged = std::make_shared<CompareOutcome>(*m_outcome);
    if (!layers.viewA.isNull())
        merged->a.view = layers.viewA;
    if (!layers.viewB.isNull())
        merged->b.view = layers.viewB;
    if (!layers.diff.isNull())
        merged->diff = layers.diff;
    merged->heat = layers.heat;
    merged->heatPeak = layers.heatPeak;
    merged->mask = layers.mask;
    merged->ssim = layers.ssim;
    merged->ssimMap = layers.ssimMap;
    if (layers.ssimResult)
        merged->result.job.ssim = layers.ssimResult;
    merged->flip = layers.flip.view;
    merged->flipError = layers.flip.error;
    if (layers.flip.result)
        merged->result.job.flip = layers.flip.result;
    applyColours(*merged, m_settings); // built with the colours of an earlier setting
    merged->layersReady = true;
    merged->layersError = layers.layersError;
    merged->layersMs = layers.elapsedMs;
    m_outcome = merged;
    publish(m_outcome.get());
    if (!layers.error.isEmpty())
        Q_EMIT message(tr("SSIM: %1").arg(layers.error));
    if (!layers.layersError.isEmpty())
        Q_EMIT message(layers.layersError);
    Q_EMIT layersChanged();
    m_controller->releaseLater(std::move(old));
}

quint64 ComparisonSession::exportReport(const QString &path, report::PageSize pageSize)
{
    if (!m_outcome || !m_outcome->compared) {
        Q_EMIT message(tr("Nothing to export yet: compare two images first"));
        return 0;
    }
    ReportExportRequest req;
    req.outcome = m_outcome;
    req.path = path;
    req.pageSize = pageSize;
    return m_controller->exportReport(std::move(req));
}

QString ComparisonSession::defaultReportPath() const
{
    return difflens::ui::defaultReportPath(m_a.path, m_b.path, QDir::homePath());
}

} // namespace difflens::ui
