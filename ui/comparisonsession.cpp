// ComparisonSession: inputs, options, re-compares and the stages of the comparison as they arrive.
#include "comparisonsession.h"

#include "comparecontroller.h"

#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QStandardPaths>
#include <QTimer>

#include <algorithm>

namespace difflens::ui {

namespace {
// Where the layered route keeps its tile files (the worker creates the folder: prepareTileDir).
QString tileCacheDir()
{
    const QString base = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    return (base.isEmpty() ? QDir::tempPath() + QStringLiteral("/difflens-cache") : base) + QStringLiteral("/tiles");
}

} // namespace

ComparisonSession::ComparisonSession(QObject *parent)
    : QObject(parent), m_controller(new CompareController(this)), m_debounce(new QTimer(this)),
      m_reloadTimer(new QTimer(this)), m_watcher(new QFileSystemWatcher(this)), m_data(std::make_shared<ViewData>()),
      m_layeredTimer(new QTimer(this))
{
    m_options.job.ssim.wantMap = true;
    m_layeredTimer->setInterval(100);
    connect(m_layeredTimer, &QTimer::timeout, this, &ComparisonSession::onLayeredTick);
    connect(m_controller, &CompareController::stageReady, this, &ComparisonSession::onStage);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &ComparisonSession::compareNow);
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(250);
    connect(m_reloadTimer, &QTimer::timeout, this, [this] {
        const bool any = forget(m_changedPaths);
        m_changedPaths.clear();
        watchPaths();
        if (any) {
            Q_EMIT message(tr("Reloaded after a change on disk"));
            compareNow();
        }
    });
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &ComparisonSession::onFileChanged);
    connect(m_controller, &CompareController::busyChanged, this, &ComparisonSession::busyChanged);
    setSettings(m_settings);
}

ComparisonSession::~ComparisonSession() { shutdown(); }

void ComparisonSession::setSettings(const AppSettings &settings)
{
    const bool recompare = comparison() && (settings.device != m_settings.device || settings.tier != m_settings.tier ||
                                         settings.memoryBudgetMiB != m_settings.memoryBudgetMiB);
    // Colours only change the tables of the indexed layers (SSIM map, mask): recoloured in
    // place, no new comparison; layers still being built get them when they arrive (onStage).
    const bool recolour = settings.colormap != m_settings.colormap || settings.diffColor != m_settings.diffColor ||
                          settings.aaColor != m_settings.aaColor;
    const bool first = !comparison() && m_a.path.isEmpty() && m_b.path.isEmpty();
    m_settings = settings;
    if (first) {
        m_options.job.pixelmatch.threshold = settings.defaultThreshold;
        m_options.job.pixelmatch.includeAA = settings.defaultIncludeAA;
        m_options.job.pixelmatch.shift = std::clamp(settings.shift, 0, kMaxPixelmatchShift);
        m_options.align = settings.align;
        m_options.job.computeFlip = settings.computeFlip;
    }
    if (recompare) {
        scheduleCompare();
    } else if (recolour && comparison()) {
        publish(*m_data);
        Q_EMIT layersChanged();
    }
}

void ComparisonSession::openPair(const QString &pathA, const QString &pathB)
{
    m_a = SideState{pathA, QFileInfo(pathA).fileName(), {}, {}};
    setSidePath(Side::B, pathB);
}

void ComparisonSession::setSidePath(Side side, const QString &path)
{
    if (side == Side::None)
        return;
    state(side) = SideState{path, QFileInfo(path).fileName(), {}, {}};
    loadSidecar();
    watchPaths();
    Q_EMIT pathsChanged(m_a.path, m_b.path);
    compareNow();
}

void ComparisonSession::setSideImage(Side side, std::shared_ptr<const Image> image, const QString &label)
{
    if (side == Side::None || !image)
        return;
    state(side) = SideState{{}, label, std::move(image), {}};
    state(side).info.path = label.toStdString(); // its size, channels and depth: runComparison's
    watchPaths();
    Q_EMIT pathsChanged(m_a.path, m_b.path);
    compareNow();
}

void ComparisonSession::reload()
{
    forget({m_a.path, m_b.path});
    compareNow();
}

bool ComparisonSession::forget(const QStringList &paths)
{
    bool any = false;
    for (Side s : {Side::A, Side::B}) {
        if (!state(s).path.isEmpty() && paths.contains(state(s).path)) {
            state(s).image.reset();
            any = true;
        }
    }
    return any;
}

QString ComparisonSession::path(Side side) const { return side == Side::None ? QString() : state(side).path; }

bool ComparisonSession::hasImage(Side side) const
{
    return side != Side::None && (state(side).image || !state(side).path.isEmpty());
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
    ComparisonRequest req;
    for (auto side : {std::make_pair(&req.a, &m_a), std::make_pair(&req.b, &m_b)}) {
        side.first->path = side.second->path.toStdString();
        side.first->image = side.second->image;
        side.first->info = side.second->info;
    }
    req.options = m_options;
    m_settings.applyTo(req.options.job);
    req.options.job.ignore = m_sidecar.ignoreRects();
    // The worker reads the headers and chooses the route; a side whose header cannot be read,
    // or that is over the pixel limit, takes the whole route: its pane names the error.
    req.layeredPixels = m_layeredPixels;
    req.layerOptions.cacheDir = tileCacheDir().toStdString();
    req.beforeStage = m_stageHook;
    m_controller->submit(std::move(req), colours(), m_shownLayers);
}

void ComparisonSession::cancel() { m_controller->cancel(); }

void ComparisonSession::shutdown()
{
    m_debounce->stop();
    m_reloadTimer->stop();
    m_controller->waitForAll();
}

void ComparisonSession::onStage(const ViewDataPtr &views)
{
    const ComparisonPtr c = views->result;
    if (!c->store && c->stage == ComparisonStage::Opened && !c->finished)
        return; // decoded: the first paint waits for the exact result (stage 2)
    // What the stage replaces, released in the background once the views have switched.
    ViewDataPtr old = m_data;
    for (auto side : {std::make_pair(&m_a, &c->a), std::make_pair(&m_b, &c->b)}) {
        side.first->image = side.second->image; // decoded once, reused by the next compare
        side.first->info = side.second->info;
    }
    publish(*views);
    // Stages 1-2 are a new result (the full-resolution pass gives the same one again).
    if (c->stage <= ComparisonStage::Exact && !(c->result && old->result && old->result->result == c->result)) {
        if (!m_data->error.isEmpty() || !c->error.empty())
            Q_EMIT message(!m_data->error.isEmpty() ? m_data->error : QString::fromStdString(c->error));
        Q_EMIT resultChanged();
    }
    if (c->store || c->layered)
        onLayeredStage(*c);
    if (c->finished && c->compared()) { // complete
        const ComparisonPartFailure *ssim = c->failed(ComparisonPart::SsimMap);
        if (ssim && !ssim->outOfMemory)
            Q_EMIT message(tr("SSIM: %1").arg(QString::fromStdString(ssim->reason)));
        if (!m_data->layersError.isEmpty())
            Q_EMIT message(m_data->layersError);
        Q_EMIT layersChanged();
    }
    m_controller->releaseLater(std::move(old));
}

} // namespace difflens::ui
