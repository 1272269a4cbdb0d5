// difflens-layers-bench A B [plain|layers|layers-exact[-diff|-sides|-none]] [budgetMiB] [bandRows]: one comparison of A and B in this
// process, either compareFiles' streamed route ("plain", what `difflens-cli compare` runs)
// or compareFilesLayered with the app's display layers and tile cache ("layers"). Prints
// the time to the first streamed rows, to the exact result (for "layers": before the
// second pass writes the full-resolution tiles), the total time, the peak RSS (VmHWM) and, for
// "layers", the tile cache's size. A suffix -diff, -sides (A and B) or -none fills only
// those layers in the exact pass (LayerStore::setFirstPassLayers, as the app does for the
// shown view); the others wait for the second pass. Run each mode in its own process, alternating, e.g.
//   for i in 1 2 3; do for m in plain layers; do difflens-layers-bench a.png b.png $m; done; done
#include "difflens/compare/layered.h"
#include "difflens/engine/stream.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace difflens;
using Clock = std::chrono::steady_clock;

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s A B [plain|layers] [budgetMiB]\n", argv[0]);
        return 2;
    }
    const bool layers = argc < 4 || std::strncmp(argv[3], "layers", 6) == 0;
    const bool exactOnly = argc >= 4 && std::strncmp(argv[3], "layers-exact", 12) == 0; // no second pass
    LayerSet firstPass = kAllLayers;
    if (argc >= 4 && std::strcmp(argv[3], "layers-exact-diff") == 0)
        firstPass = layerBit(LayerKind::Diff);
    else if (argc >= 4 && std::strcmp(argv[3], "layers-exact-sides") == 0)
        firstPass = layerBit(LayerKind::A) | layerBit(LayerKind::B);
    else if (argc >= 4 && std::strcmp(argv[3], "layers-exact-none") == 0)
        firstPass = 0;
    CompareOptions opt;
    if (argc >= 5)
        opt.job.memoryBudget = int64_t(std::atoll(argv[4])) << 20;
    if (argc >= 6)
        opt.bandHeight = std::atoi(argv[5]); // 0: planned
    const auto start = Clock::now();
    double firstRowsMs = -1;
    opt.progress = [&firstRowsMs, start](int, int, int) {
        if (firstRowsMs < 0)
            firstRowsMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    };
    CompareResult r;
    int64_t cache = 0;
    double exactMs = -1;
    if (layers) {
        LayerStore::Options lo;
        lo.cacheDir = "/tmp";
        std::shared_ptr<LayerStore> store;
        r = compareFilesLayered(argv[1], argv[2], opt, lo,
                                [&store, firstPass](const ImageInfo &, const ImageInfo &,
                                                    const std::shared_ptr<LayerStore> &s) {
                                    store = s;
                                    s->setFirstPassLayers(firstPass);
                                });
        exactMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        std::string error;
        if (r.ok && !exactOnly && !fillFullResolution(argv[1], argv[2], opt, store, error)) {
            std::fprintf(stderr, "error: %s\n", error.c_str());
            return 2;
        }
        if (store)
            cache = store->cacheBytes();
    } else {
        r = compareFiles(argv[1], argv[2], opt);
    }
    const double totalMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!r.ok) {
        std::fprintf(stderr, "error: %s\n", r.errorMessage().c_str());
        return 2;
    }
    std::printf("%s mismatched=%lld first_rows_ms=%.0f exact_ms=%.0f total_ms=%.0f peak_rss_mib=%.0f cache_mib=%.0f\n",
                layers ? "layers" : "plain", static_cast<long long>(r.job.counts.mismatched), firstRowsMs,
                layers ? exactMs : totalMs, totalMs,
                double(processPeakRssBytes()) / 1048576.0, double(cache) / 1048576.0);
    return 0;
}
