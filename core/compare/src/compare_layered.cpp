// compareFilesLayered: the streamed comparison with the display layers as its extra sinks.
#include "difflens/compare/layered.h"

#include "compare_stream.h"


namespace difflens {

namespace {

// The diff rows into the store (on the engine's writer thread); finish() is the store's.
class StoreDiffSink : public RowSink {
public:
    explicit StoreDiffSink(LayerStore &store) : m_store(store) {}
    bool writeRows(const uint8_t *rows, size_t stride, int count, std::string &error) override
    {
        return m_store.pushDiffRows(rows, stride, count, error);
    }
    bool finish(std::string &) override { return true; }
    int64_t workingBytes() const override { return 0; }

private:
    LayerStore &m_store;
};

} // namespace

bool comparesStreamed(const CompareOptions &opt)
{
    return opt.job.tier != Tier::Low && detail::wantsStreaming(opt);
}

CompareResult compareFilesLayered(const std::string &pathA, const std::string &pathB, const CompareOptions &opt,
                                  const LayerStore::Options &layers, const LayersOpened &opened)
{
    CompareOptions o = opt;
    o.keepImages = false;
    o.diffImagePath.clear();
    o.job.wantMask = true;
    std::shared_ptr<LayerStore> store;
    std::unique_ptr<StoreDiffSink> diff;
    detail::StreamHooks hooks;
    detail::StreamHooks *h = &hooks;
    hooks.opened = [&store, &diff, h, &layers, &opened](const CompareResult &info, int w, int height, int depth,
                                                         std::string &error) {
        store = LayerStore::create(w, height, depth, layers, error);
        if (!store)
            return false;
        h->fixedBytes = store->workingBytes();
        LayerStore *s = store.get();
        h->bands = [s](const BandRows &rows, std::string &e) { return s->pushBand(rows, e); };
        if (opened) // may choose the layers this pass fills (setFirstPassLayers)
            opened(info.a, info.b, store);
        // Without the diff layer in this pass the engine draws no diff image at all.
        if (store->firstPassLayers() & layerBit(LayerKind::Diff)) {
            diff = std::make_unique<StoreDiffSink>(*store);
            h->diff = diff.get();
        }
        return true;
    };
    CompareResult r = detail::compareFilesStreamed(pathA, pathB, o, &hooks);
    if (r.ok && store) {
        std::string error;
        if (!store->finish(error)) {
            r.ok = false;
            r.errorReason = error;
        }
    }
    return r;
}

bool fillFullResolution(const std::string &pathA, const std::string &pathB, const CompareOptions &opt,
                        const std::shared_ptr<LayerStore> &store, std::string &error)
{
    if (!store || !store->complete()) {
        error = "the display layers are incomplete";
        return false;
    }
    if (!store->deferredFullResolution() || store->fullResolutionReady())
        return true;
    CompareOptions o = opt;
    o.keepImages = false;
    o.diffImagePath.clear();
    o.job.wantMask = true;
    o.job.computeSsim = false;
    o.job.computeFlip = false;
    StoreDiffSink diff(*store);
    LayerStore *s = store.get();
    detail::StreamHooks hooks;
    hooks.diff = &diff;
    hooks.fixedBytes = store->workingBytes();
    hooks.opened = [s](const CompareResult &, int w, int h, int, std::string &e) {
        if (w != s->width() || h != s->height()) {
            e = "the images changed since they were compared";
            return false;
        }
        s->startFullResolutionPass();
        return true;
    };
    hooks.bands = [s](const BandRows &rows, std::string &e) { return s->pushBand(rows, e); };
    const CompareResult r = detail::compareFilesStreamed(pathA, pathB, o, &hooks);
    if (!r.ok)
        error = r.errorMessage();
    if (!r.ok || !store->finishFullResolution(error)) {
        store->abandonFullResolution(); // the layers it was to fill stay empty (layerMissing)
        return false;
    }
    return true;
}

} // namespace difflens
