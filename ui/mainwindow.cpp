// The main window: pages, docks, status bar, and the wiring between them and the session.
#include "mainwindow.h"

#include "displaylimits.h"

#include "comparecontroller.h"
#include "compareworkspace.h"
#include "comparisonsession.h"
#include "drophandler.h"
#include "imagebridge.h"
#include "mainactions.h"
#include "recentpairs.h"
#include "reportexport.h"
#include "settingsdialog.h"
#include "status/displayquality.h"
#include "status/memorystats.h"
#include "status/statuspanel.h"
#include "testexithook.h"
#include "views/blinkview.h"
#include "views/differenceview.h"
#include "widgets/comparetoolbar.h"
#include "widgets/pixelinspector.h"
#include "widgets/regionlist.h"

#include "difflens/compare/sidecar.h"
#include "difflens/engine/monitor.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStackedWidget>
#include <QComboBox>
#include <QStatusBar>

#include <new>

namespace difflens::ui {

namespace {
// Set while the window waits for a report export to finish before it closes.
const char *const kCloseAfterExport = "difflensCloseAfterExport";

// True while a layered pair's store still fills some layer in its full-resolution pass (the
// exact pass filled only the shown view's): a report, which draws every layer, waits.
bool layersStillFilling(const Comparison &c)
{
    if (!c.store)
        return false;
    for (int k = 0; k < kLayerKinds; ++k)
        if (c.store->layerPending(LayerKind(k)))
            return true;
    return false;
}

// What the shown view draws: A and B for side by side, swipe, onion skin and blink; the
// difference view's layer (none for SSIM and FLIP, which a layered pair does not stream).
LayerSet layersShownBy(const CompareWorkspace &ws)
{
    if (ws.mode() != CompareWorkspace::Mode::Difference)
        return layerBit(LayerKind::A) | layerBit(LayerKind::B);
    switch (ws.difference()->mode()) {
    case DifferenceView::Mode::Diff: return layerBit(LayerKind::Diff);
    case DifferenceView::Mode::Heatmap: return layerBit(LayerKind::Heat);
    case DifferenceView::Mode::Mask: return layerBit(LayerKind::Mask);
    case DifferenceView::Mode::Ssim:
    case DifferenceView::Mode::Flip: break;
    }
    return 0;
}
} // namespace

MainWindow::MainWindow(std::unique_ptr<MemoryMonitor> monitor, QWidget *parent)
    : QMainWindow(parent), m_session(new ComparisonSession(this)), m_pages(new QStackedWidget(this)),
      m_workspace(new CompareWorkspace), m_compareBar(new CompareToolBar(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    {
        QSettings s;
        m_settings = AppSettings::load(s);
    }
    // Each job's plan line (ratio, status, parameters) goes to the app's log (stderr); the
    // CLI prints it with -v. QT_LOGGING_RULES still overrides this.
    QLoggingCategory::setFilterRules(QStringLiteral("difflens.pipeline.debug=true"));
    if (!monitor) // VRAM on CUDA unless Settings say CPU
        monitor = MemoryMonitor::createDefault({m_settings.warningRatio, m_settings.criticalRatio},
                                               m_settings.device != Device::Cpu);
    m_stats = new MemoryStats(std::move(monitor), 250, this);
    m_status = new StatusPanel(statusBar(), m_stats);
    // The display quality tier limits what every view draws (never the numbers).
    const auto applyLimits = [](const DisplayQuality &q) {
        DisplayLimits::instance()->set(q.maxZoom, q.maxPreviewEdge, q.viewNotice);
    };
    connect(m_status->displayQuality(), &DisplayQualityController::changed, this, applyLimits);
    applyLimits(m_status->displayQuality()->quality());
    setCentralWidget(m_pages);
    addPage(m_workspace, QStringLiteral("compare"));
    addToolBar(Qt::TopToolBarArea, m_compareBar);
    buildDocks();
    m_actions = new MainActions(this);
    connectSession();
    connectShownLayers();
    if (testExitAfterLoadRequested())
        installTestExitHook(m_session, this);
    applySettings(m_settings);
    resize(1400, 900);
    updateTitle();
}

MainWindow::~MainWindow() { m_session->shutdown(); }

int MainWindow::addPage(QWidget *page, const QString &name)
{
    page->setObjectName(name);
    return m_pages->addWidget(page);
}

void MainWindow::showPage(const QString &name)
{
    if (QWidget *w = page(name))
        m_pages->setCurrentWidget(w);
}

QWidget *MainWindow::page(const QString &name) const
{
    for (int i = 0; i < m_pages->count(); ++i)
        if (m_pages->widget(i)->objectName() == name)
            return m_pages->widget(i);
    return nullptr;
}

QString MainWindow::currentPage() const
{
    return m_pages->currentWidget() ? m_pages->currentWidget()->objectName() : QString();
}

void MainWindow::buildDocks()
{
    auto *regions = new QDockWidget(tr("Regions"), this);
    regions->setObjectName(QStringLiteral("regionsDock"));
    m_regionList = new RegionList(regions);
    regions->setWidget(m_regionList);
    addDockWidget(Qt::RightDockWidgetArea, regions);
    auto *inspector = new QDockWidget(tr("Pixel Inspector"), this);
    inspector->setObjectName(QStringLiteral("inspectorDock"));
    m_inspector = new PixelInspector(inspector);
    inspector->setWidget(m_inspector);
    addDockWidget(Qt::RightDockWidgetArea, inspector);
    resizeDocks({regions}, {300}, Qt::Horizontal);
}

void MainWindow::connectShownLayers()
{
    const auto update = [this] { m_session->setShownLayers(layersShownBy(*m_workspace)); };
    connect(m_workspace, &CompareWorkspace::modeChanged, this, update);
    connect(m_workspace->difference()->modeBox(), &QComboBox::currentIndexChanged, this, update);
    update();
    // A report asked for while layers were filling is written once they are.
    connect(m_session, &ComparisonSession::dataChanged, this, [this] {
        if (!m_pendingExport)
            return;
        const ComparisonPtr now = m_session->comparison();
        if (!now || now->store != m_pendingExport->comparison->store) { // another pair since
            m_pendingExport.reset();
            return;
        }
        if (layersStillFilling(*now))
            return;
        const PendingExport pending = *m_pendingExport;
        m_pendingExport.reset();
        exportReportTo(pending.path, pending.format);
    });
}

void MainWindow::connectSession()
{
    connect(m_session, &ComparisonSession::dataChanged, this, [this](const ViewDataPtr &d) {
        m_workspace->setData(d);
        m_inspector->setData(d);
    });
    connect(m_session, &ComparisonSession::resultChanged, this, [this] {
        m_status->setSummary(m_session->summary());
        if (const ComparisonPtr c = m_session->comparison(); c && c->compared())
            m_status->setPlan(c->result->job.plan);
    });
    connect(m_session, &ComparisonSession::layersChanged, this, [this] {
        m_status->setSummary(m_session->summary());
        // Layers left out for lack of memory: the images are shown, so say it for longer.
        if (const ViewDataPtr d = m_session->data(); d && !d->layersError.isEmpty())
            m_status->showMessage(d->layersError, 30000);
    });
    connect(m_session, &ComparisonSession::busyChanged, m_status, &StatusPanel::setBusy);
    CompareController *controller = m_session->controller();
    connect(controller, &CompareController::reportStarted, this, [this](quint64, const QString &path) {
        m_status->setExporting(true);
        m_status->showMessage(tr("Exporting report to %1…").arg(QDir::toNativeSeparators(path)), 0);
    });
    connect(controller, &CompareController::reportFinished, this, [this](const ReportExportOutcome &o) {
        m_status->setExporting(m_session->controller()->isExporting());
        const QString where = QDir::toNativeSeparators(o.path);
        if (o.ok && o.format == ReportFormat::Html)
            m_status->showMessage(tr("HTML report saved to %1").arg(QDir::toNativeSeparators(reportEntryFile(o))), 10000);
        else if (o.ok)
            m_status->showMessage(tr("Report saved to %1 (%n page(s))", nullptr, o.pages).arg(where), 10000);
        else if (o.canceled)
            m_status->showMessage(tr("Report export canceled"), 5000);
        else
            m_status->showMessage(tr("Report export failed: %1").arg(o.error), 15000);
        // Closing waited for this export: close now, unless it failed (the message stays).
        if (property(kCloseAfterExport).toBool() && !m_session->controller()->isExporting()) {
            setProperty(kCloseAfterExport, false);
            if (o.ok || o.canceled)
                QMetaObject::invokeMethod(this, [this] { close(); }, Qt::QueuedConnection);
        }
    });
    connect(m_session, &ComparisonSession::message, this, [this](const QString &t) { m_status->showMessage(t); });
    connect(m_session, &ComparisonSession::pathsChanged, this, [this](const QString &a, const QString &b) {
        RecentPairs::add(a, b);
        updateTitle();
    });
    connect(m_status, &StatusPanel::cancelRequested, m_session, &ComparisonSession::cancel);
    connect(m_workspace, &CompareWorkspace::hoverPixel, m_inspector, &PixelInspector::showPixel);
    connect(m_workspace, &CompareWorkspace::ignoreRectDrawn, this, &MainWindow::addIgnoreRect);
    connect(m_session, &ComparisonSession::sidecarStatusChanged, this, [this] {
        const QString broken = m_session->brokenSidecarPath();
        m_regionList->setSidecarNote(
            broken.isEmpty() ? QString()
                             : tr("Sidecar %1 not loaded: %2").arg(QFileInfo(broken).fileName(), m_session->sidecarError()));
        if (!broken.isEmpty())
            m_status->showMessage(tr("Sidecar %1 not loaded: %2").arg(QDir::toNativeSeparators(broken),
                                                                       m_session->sidecarError()),
                                  30000);
    });
    // The list and the canvases share the workspace's one current-region owner.
    m_regionList->setModel(m_workspace->regionModel(), m_workspace->regionSelection());
    connect(m_compareBar, &CompareToolBar::thresholdChanged, m_session, &ComparisonSession::setThreshold);
    connect(m_compareBar, &CompareToolBar::includeAAChanged, m_session, &ComparisonSession::setIncludeAA);
    connect(m_compareBar, &CompareToolBar::ssimChanged, m_session, &ComparisonSession::setComputeSsim);
    connect(m_compareBar->drawIgnoreAction(), &QAction::toggled, m_workspace, &CompareWorkspace::setDrawIgnore);
    connect(m_compareBar->clearIgnoreAction(), &QAction::triggered, m_session, &ComparisonSession::clearIgnoreRects);
}

void MainWindow::addIgnoreRect(const QRect &rect)
{
    const QString broken = m_session->brokenSidecarPath();
    if (!broken.isEmpty() && m_session->sidecarPath() == broken) {
        // Never replace a sidecar that could not be read: offer a new file beside it.
        const QString fresh = QString::fromStdString(replacementSidecarPath(broken.toStdString()));
        const auto answer = QMessageBox::question(
            this, tr("Sidecar Not Loaded"),
            tr("%1 could not be loaded:\n%2\n\nIt will not be overwritten. Start a new file, %3, beside it for the "
               "ignore regions?")
                .arg(QDir::toNativeSeparators(broken), m_session->sidecarError(), QFileInfo(fresh).fileName()),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            m_status->showMessage(tr("Region not added: %1 is left as it is").arg(QFileInfo(broken).fileName()), 10000);
            return;
        }
        m_session->startNewSidecar();
    }
    m_session->addIgnoreRect(rect);
}

void MainWindow::updateTitle()
{
    const QString a = QFileInfo(m_session->path(Side::A)).fileName(), b = QFileInfo(m_session->path(Side::B)).fileName();
    setWindowTitle(a.isEmpty() && b.isEmpty() ? tr("DiffLens") : tr("%1 ↔ %2 — DiffLens").arg(a, b));
}

void MainWindow::openPair(const QString &a, const QString &b)
{
    showPage(QStringLiteral("compare"));
    m_session->openPair(a, b);
}

void MainWindow::openFolderPair(const QString &dirA, const QString &dirB)
{
    Q_EMIT folderPairRequested(dirA, dirB);
    if (!m_folderHandler || !m_folderHandler(dirA, dirB))
        m_status->showMessage(tr("Folder review is not available: %1 and %2 are folders").arg(dirA, dirB), 8000);
}

void MainWindow::openSide(Side side, const QString &path)
{
    showPage(QStringLiteral("compare"));
    m_session->setSidePath(side, path);
}

void MainWindow::chooseFile(Side side)
{
    const QString current = m_session->path(side);
    const QString path = QFileDialog::getOpenFileName(
        this, side == Side::A ? tr("Open Image A") : tr("Open Image B"), QFileInfo(current).absolutePath(),
        tr("Images (*.png *.jpg *.jpeg *.webp *.tif *.tiff *.bmp);;All files (*)"));
    if (!path.isEmpty())
        openSide(side, path);
}

void MainWindow::pasteFromClipboard()
{
    const QImage img = QApplication::clipboard()->image();
    if (img.isNull()) {
        m_status->showMessage(tr("The clipboard holds no image"));
        return;
    }
    const Side side = m_session->hasImage(Side::A) ? Side::B : Side::A;
    std::shared_ptr<const Image> copy;
    try {
        Image pasted = imageFromQImage(img);
        if (!pasted.isNull())
            copy = std::make_shared<const Image>(std::move(pasted));
    } catch (const std::bad_alloc &) {
        copy.reset();
    }
    if (!copy) {
        m_status->showMessage(
            tr("Not enough memory to paste this %1×%2 image. Close other work or paste a smaller one.")
                .arg(img.width())
                .arg(img.height()),
            15000);
        return;
    }
    m_session->setSideImage(side, std::move(copy), tr("Clipboard"));
}

void MainWindow::editSettings()
{
    SettingsDialog dlg(m_settings, this);
    if (dlg.exec() != QDialog::Accepted)
        return;
    AppSettings chosen = dlg.settings();
    // The compare toolbar's remembered choices are not in the dialog: kept as they are.
    chosen.shift = m_settings.shift;
    chosen.align = m_settings.align;
    chosen.computeFlip = m_settings.computeFlip;
    applySettings(chosen);
    QSettings s;
    m_settings.save(s);
}

bool MainWindow::hasReportable()
{
    const ComparisonPtr comparison = m_session->comparison();
    if (comparison && comparison->compared())
        return true;
    m_status->showMessage(tr("Nothing to export yet: compare two images first"));
    return false;
}

void MainWindow::exportReport()
{
    if (!hasReportable())
        return;
    const QString pdf = tr("PDF documents (*.pdf)");
    const QString html = tr("HTML report, a folder with index.html (*)");
    QString chosen;
    const QString suggested = defaultReportPath(m_session->path(Side::A), m_session->path(Side::B), QDir::homePath());
    QString path = QFileDialog::getSaveFileName(this, tr("Export Report"), suggested,
                                                pdf + QStringLiteral(";;") + html, &chosen);
    if (path.isEmpty())
        return;
    const auto hasSuffix = [&path](const char *suffix) { return path.endsWith(QLatin1String(suffix), Qt::CaseInsensitive); };
    if (chosen == html || hasSuffix(".html")) { // the folder's name, without a file suffix
        for (const char *suffix : {".pdf", ".html"})
            if (hasSuffix(suffix))
                path.chop(int(qstrlen(suffix)));
        exportReportTo(path, ReportFormat::Html);
        return;
    }
    exportReportTo(hasSuffix(".pdf") ? path : path + QStringLiteral(".pdf"));
}

quint64 MainWindow::exportReportTo(const QString &path, ReportFormat format)
{
    const report::PageSize pageSize = m_settings.reportLetter ? report::PageSize::Letter : report::PageSize::A4;
    if (!hasReportable())
        return 0;
    if (const ComparisonPtr c = m_session->comparison(); layersStillFilling(*c)) {
        m_pendingExport = PendingExport{path, format, c};
        m_status->showMessage(tr("The report is written when every layer is filled (a few seconds)"));
        return 0;
    }
    // Report images follow the display tier at the moment of export (lighter under memory
    // pressure); the numbers in the report are exact either way.
    ReportExportRequest request;
    request.comparison = m_session->comparison();
    request.path = path;
    request.format = format;
    request.pageSize = pageSize;
    applyDisplayQuality(request, m_status->displayQuality()->quality());
    return m_session->controller()->exportReport(std::move(request));
}

void MainWindow::applySettings(const AppSettings &settings)
{
    const bool first = !m_session->comparison();
    m_settings = settings;
    m_session->setSettings(settings);
    m_stats->setThresholds({settings.warningRatio, settings.criticalRatio});
    m_stats->setExplicitBudget(qint64(settings.memoryBudgetMiB) << 20);
    m_workspace->setRegionColor(settings.regionColor);
    m_workspace->blink()->setInterval(settings.blinkIntervalMs);
    if (first) {
        m_compareBar->setThreshold(m_session->threshold());
        m_compareBar->setIncludeAA(m_session->includeAA());
        m_compareBar->setShift(m_session->shift()); // remembered from the last run
        m_compareBar->setAlign(m_session->align());
        m_compareBar->setFlip(m_session->computeFlip());
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent *e)
{
    if (e->mimeData()->hasUrls())
        e->acceptProposedAction();
}

void MainWindow::dragMoveEvent(QDragMoveEvent *e)
{
    if (e->mimeData()->hasUrls())
        e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *e)
{
    const QPoint inWorkspace = m_workspace->mapFrom(this, e->position().toPoint());
    const Side side = m_workspace->isVisible() && m_workspace->rect().contains(inWorkspace) ? m_workspace->sideAt(inWorkspace)
                                                                                              : Side::None;
    const DropDecision d = decideDrop(e->mimeData(), side, m_session->hasImage(Side::A));
    switch (d.kind) {
    case DropDecision::Kind::OpenPair: openPair(d.a, d.b); break;
    case DropDecision::Kind::ReplaceA: openSide(Side::A, d.a); break;
    case DropDecision::Kind::ReplaceB: openSide(Side::B, d.a); break;
    case DropDecision::Kind::OpenFolders: openFolderPair(d.a, d.b); break;
    case DropDecision::Kind::None:
        m_status->showMessage(tr("Drop one image, two images, two folders or a test runner's folder"));
        return;
    }
    e->acceptProposedAction();
}

void MainWindow::closeEvent(QCloseEvent *e)
{
    // A report still being written (or waiting for its layers): asked, never canceled silently.
    if (m_session->controller()->isExporting() || m_pendingExport) {
        switch (askExportAtClose(this)) {
        case ExportAtClose::KeepOpen:
            setProperty(kCloseAfterExport, false);
            e->ignore();
            return;
        case ExportAtClose::Wait:
            setProperty(kCloseAfterExport, true);
            m_status->showMessage(tr("The window closes when the report is written…"), 0);
            e->ignore();
            return;
        case ExportAtClose::Abandon: m_pendingExport.reset(); break; // shutdown() cancels a running one
        }
    }
    m_session->shutdown();   // waits for every running job before the window goes away
    QMainWindow::closeEvent(e);
}

} // namespace difflens::ui
