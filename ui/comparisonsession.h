#pragma once
// The open comparison: the two inputs (files or pasted images), the comparison options,
// the ignore regions (kept in the pair's sidecar file); submits one ComparisonRequest
// (difflens/compare/comparison.h) and publishes each stage that arrives as a ViewData that
// holds the Comparison it shows. Re-compares (debounced) whenever an input or option
// changes and reloads a side when its file changes on disk.
#include "appsettings.h"
#include "comparisonviews.h"
#include "side.h"
#include "viewdata.h"

#include "difflens/compare/sidecar_document.h"

#include <QObject>
#include <QRect>
#include <QVector>

#include <algorithm>
#include <functional>

class QFileSystemWatcher;
class QTimer;

namespace difflens::ui {

class CompareController;

class ComparisonSession : public QObject {
    Q_OBJECT
public:
    static constexpr int kDebounceMs = 150;

    explicit ComparisonSession(QObject *parent = nullptr);
    ~ComparisonSession() override;

    CompareController *controller() const { return m_controller; }
    void setSettings(const AppSettings &settings);
    const AppSettings &settings() const { return m_settings; }

    void openPair(const QString &pathA, const QString &pathB);
    void setSidePath(Side side, const QString &path);
    void setSideImage(Side side, std::shared_ptr<const Image> image, const QString &label);
    void reload();
    QString path(Side side) const;
    bool hasImage(Side side) const;

    // Each option change re-compares (debounced).
    // They are kept in the request's CompareOptions (m_options); the settings' device,
    // tier, budget and colours are added to them when a comparison starts.
    void setThreshold(double threshold) { setOption(m_options.job.pixelmatch.threshold, threshold); }
    double threshold() const { return m_options.job.pixelmatch.threshold; }
    void setIncludeAA(bool on) { setOption(m_options.job.pixelmatch.includeAA, on); }
    bool includeAA() const { return m_options.job.pixelmatch.includeAA; }
    void setComputeSsim(bool on) { setOption(m_options.job.computeSsim, on); }
    bool computeSsim() const { return m_options.job.computeSsim; }
    // LDR-FLIP, computed in the comparison's stage 4 (its map is ViewData::flip).
    void setComputeFlip(bool on) { setOption(m_options.job.computeFlip, on); }
    bool computeFlip() const { return m_options.job.computeFlip; }
    // Pixelmatch shift tolerance, 0..kMaxPixelmatchShift (clamped).
    void setShift(int shift) { setOption(m_options.job.pixelmatch.shift, std::clamp(shift, 0, kMaxPixelmatchShift)); }
    int shift() const { return m_options.job.pixelmatch.shift; }
    // Auto-alignment (CompareOptions::align); the result's alignment says what was applied.
    void setAlign(bool on) { setOption(m_options.align, on); }
    bool align() const { return m_options.align; }
    // Pairs of files with more pixels than this (either side) take the layered route
    // (ComparisonRequest::layeredPixels): streamed, within the memory budget, shown as the rows arrive, full
    // resolution from tiles. Smaller pairs are decoded whole. Tests lower it.
    static constexpr qint64 kLayeredPixels = qint64(4096) * 4096;
    void setLayeredPixels(qint64 pixels) { m_layeredPixels = pixels; }
    // The layers the shown view draws (bits of layerBit(LayerKind)): a layered comparison's
    // exact pass fills these, its full-resolution pass the others (they show as filling until
    // then: LayerStore::layerPending). All of them until the window says (no re-compare).
    void setShownLayers(LayerSet layers) { m_shownLayers = layers; }
    LayerSet shownLayers() const { return m_shownLayers; }
    // Test seam: called on the worker before each stage of the next comparisons
    // (ComparisonRequest::beforeStage); what it throws becomes that stage's failure.
    void setStageHook(std::function<void(ComparisonStage)> hook) { m_stageHook = std::move(hook); }
    // Adds a region (`rect` in the views' frame, A's: stored in B's coordinates, less the
    // applied alignment offset) and saves the sidecar. Refused (false, with a message) while the pair's
    // sidecar failed to load and no new file was started: a broken sidecar is never overwritten.
    bool addIgnoreRect(const QRect &rect);
    void clearIgnoreRects();
    QVector<QRect> ignoreRects() const;       // in B's coordinates
    QString sidecarPath() const;              // where the regions are saved
    // The sidecar that applies to the pair but could not be loaded, and why ("" when none).
    QString brokenSidecarPath() const;
    QString sidecarError() const;
    // Saves from now on to a new file beside the broken one (replacementSidecarPath), which
    // is left untouched. Returns that path.
    QString startNewSidecar();

    ViewDataPtr data() const { return m_data; }
    // The latest stage of the current comparison (data()->result), null before the first.
    ComparisonPtr comparison() const { return m_data->result; }
    // A layered comparison's full-resolution tiles are still being written.
    bool fullResolutionPending() const { return m_data->compared() && m_data->result->fullResolutionPending; }
    QString summary() const;
    void cancel();
    void shutdown();   // cancels and waits for running jobs

Q_SIGNALS:
    void dataChanged(const difflens::ui::ViewDataPtr &data);
    void resultChanged();        // a new comparison result (first paint: no heat/SSIM/mask yet)
    void layersChanged();        // the current result is complete (its layers and metrics are in)
    void pathsChanged(const QString &a, const QString &b);
    void busyChanged(bool busy);
    void message(const QString &text);
    void sidecarStatusChanged();  // brokenSidecarPath / sidecarError / sidecarPath changed

private:
    struct SideState {
        QString path;            // empty for pasted images
        QString label;           // shown in the view
        std::shared_ptr<const Image> image;
        ImageInfo info;
    };
    SideState &state(Side s) { return s == Side::A ? m_a : m_b; }
    const SideState &state(Side s) const { return s == Side::A ? m_a : m_b; }
    void scheduleCompare();
    template <typename T> void setOption(T &field, T value)
    {
        if (field != value) {
            field = value;
            scheduleCompare();
        }
    }
    void compareNow();
    void onStage(const ViewDataPtr &views);
    void onFileChanged(const QString &path);
    bool forget(const QStringList &paths); // drops the decoded images of those files; whether any
    void watchPaths();
    void loadSidecar();
    void saveSidecar();
    void publish(const ViewData &views);
    LayerColours colours() const { return {m_settings.colormap, m_settings.diffColor, m_settings.aaColor}; }
    // The layered route (sessionlayered.cpp).
    void onLayeredStage(const Comparison &c);
    void onLayeredTick();

    CompareController *m_controller;
    AppSettings m_settings;
    SideState m_a, m_b;
    CompareOptions m_options;    // the options above, with SSIM's map always asked for
    SidecarDocument m_sidecar;   // the ignore regions, notes and unknown fields kept
    QTimer *m_debounce;
    QTimer *m_reloadTimer;
    QFileSystemWatcher *m_watcher;
    QStringList m_changedPaths;
    ViewDataPtr m_data;          // what the views draw of the current stage (publish())
    qint64 m_layeredPixels = kLayeredPixels;
    LayerSet m_shownLayers = kAllLayers;
    std::function<void(ComparisonStage)> m_stageHook;
    QTimer *m_layeredTimer;      // repaints streamed rows and arriving tiles while layered jobs run
    int m_layeredTicks = 0;      // its ticks in this comparison (the progress is said every few)
};

} // namespace difflens::ui
