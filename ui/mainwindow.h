#pragma once
// The DiffLens main window: menus, toolbars, docks and status bar around a central
// QStackedWidget of pages. The "compare" page is the CompareWorkspace; other features (the
// folder review) add their own page with addPage() and register a folder handler.
#include "appsettings.h"
#include "reportexport.h"
#include "side.h"

#include "difflens/engine/monitor.h"

#include <QMainWindow>

#include <functional>
#include <memory>
#include <optional>

class QStackedWidget;

namespace difflens::ui {

class CompareToolBar;
class CompareWorkspace;
class ComparisonSession;
class MainActions;
class MemoryStats;
class PixelInspector;
class RegionList;
class StatusPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `monitor` feeds the status-bar memory graph; null = MemoryMonitor::createDefault().
    explicit MainWindow(std::unique_ptr<MemoryMonitor> monitor = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Central pages. The compare page is registered as "compare".
    int addPage(QWidget *page, const QString &name);
    void showPage(const QString &name);
    QWidget *page(const QString &name) const;
    QString currentPage() const;

    // Folder pairs (command line or drop) go to this handler; it returns false when it
    // cannot open them. Without a handler the window reports that folder review is absent.
    using FolderHandler = std::function<bool(const QString &dirA, const QString &dirB)>;
    void setFolderReviewHandler(FolderHandler handler) { m_folderHandler = std::move(handler); }

    void openPair(const QString &a, const QString &b);
    void openFolderPair(const QString &dirA, const QString &dirB);
    void openSide(Side side, const QString &path);
    void chooseFile(Side side);
    void pasteFromClipboard();
    void editSettings();
    // File > Export report…: asks for the PDF path or the HTML report's folder (by the file
    // type chosen), then exportReportTo().
    void exportReport();
    // Writes the report of the current result to `path` in the background (a PDF, page size
    // from the settings; or an HTML report's folder); progress and the outcome go to the
    // status bar. Returns the export id, 0 when there is nothing to export.
    quint64 exportReportTo(const QString &path, ReportFormat format = ReportFormat::Pdf);
    void applySettings(const AppSettings &settings);
    // A region drawn on the canvas: saved to the sidecar; when the pair's sidecar failed to
    // load, asks first (default No) whether to start a new file beside it.
    void addIgnoreRect(const QRect &rect);
    const AppSettings &settings() const { return m_settings; }

    ComparisonSession *session() const { return m_session; }
    CompareWorkspace *workspace() const { return m_workspace; }
    CompareToolBar *compareToolBar() const { return m_compareBar; }
    RegionList *regionList() const { return m_regionList; }
    PixelInspector *inspector() const { return m_inspector; }
    StatusPanel *statusPanel() const { return m_status; }
    MemoryStats *memoryStats() const { return m_stats; }
    MainActions *actions() const { return m_actions; }

Q_SIGNALS:
    void folderPairRequested(const QString &dirA, const QString &dirB);

protected:
    void dragEnterEvent(QDragEnterEvent *e) override;
    void dragMoveEvent(QDragMoveEvent *e) override;
    void dropEvent(QDropEvent *e) override;
    void closeEvent(QCloseEvent *e) override;

private:
    // Whether the open pair has a result to report; says so in the status bar when not.
    bool hasReportable();
    void buildDocks();
    void connectSession();
    // The layers the shown view draws go to the session: a layered pair's exact pass fills
    // those first, the others in its full-resolution pass.
    void connectShownLayers();
    void updateTitle();

    // An export asked for while a layered pair's full-resolution pass still fills layers the
    // report draws: written once they are filled (dropped when another pair is opened).
    struct PendingExport {
        QString path;
        ReportFormat format = ReportFormat::Pdf;
        ComparisonPtr comparison;
    };
    std::optional<PendingExport> m_pendingExport;

    AppSettings m_settings;
    ComparisonSession *m_session;
    QStackedWidget *m_pages;
    CompareWorkspace *m_workspace;
    CompareToolBar *m_compareBar;
    RegionList *m_regionList = nullptr;
    PixelInspector *m_inspector = nullptr;
    MemoryStats *m_stats;
    StatusPanel *m_status;
    MainActions *m_actions;
    FolderHandler m_folderHandler;
};

} // namespace difflens::ui
