#pragma once
// The mask's order of importance in the display layers' reductions (layer_store.h):
// different, shift-tolerated, anti-aliased, ignored, same (tst_layer_store, tst_layer_kernels).
#include "difflens/engine/pixelmatch.h"

inline int maskRank(int v)
{
    switch (v) {
    case difflens::MaskDiff: return 4;
    case difflens::MaskShift: return 3;
    case difflens::MaskAA: return 2;
    case difflens::MaskIgnored: return 1;
    default: return 0;
    }
}
