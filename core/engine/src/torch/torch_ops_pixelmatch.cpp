// Portable LibTorch-ops path of the pixelmatch + exact-statistics tile kernel.
//
// Mirrors pm_yiq.h / pm_antialias.h operation by operation in double precision: each
// tensor op rounds once, so no multiply-add is ever contracted and the counts equal the
// CPU reference. The tile is evaluated on a window of area + 2 pixels (zero padded
// outside the frame, with explicit validity masks for the neighbour scans).
#include "torch/torch_tile_common.h"

#include "pixelmatch/pm_yiq.h"

#include <array>

namespace difflens::detail::torchk {
namespace {

using at::indexing::Slice;

struct Planes {
    at::Tensor r, g, b, a; // double, 0..255 scale
};

// Window [y0, y0+h) x [x0, x0+w) of a [H', W', ...] tensor.
at::Tensor crop(const at::Tensor &t, int y0, int x0, int h, int w)
{
    return t.slice(0, y0, y0 + h).slice(1, x0, x0 + w);
}

Planes planesOf(const at::Tensor &scaled)
{
    return {scaled.select(-1, 0), scaled.select(-1, 1), scaled.select(-1, 2), scaled.select(-1, 3)};
}

// pm::backgroundLevel for a tensor of pattern indices.
at::Tensor backgroundLevel(const at::Tensor &k, double divisor)
{
    const at::Tensor t = k.div(divisor).trunc().to(at::kLong).bitwise_and(int64_t(0xFFFFFFFF));
    const at::Tensor q = at::where(t.ge(int64_t(1) << 31), t.sub(int64_t(1) << 32), t);
    return q.fmod(2).to(at::kDouble).mul(159.0).add(48.0);
}

struct Background {
    at::Tensor r, g, b;
};

Background backgroundAt(const at::Tensor &k)
{
    return {k.fmod(2.0).mul(159.0).add(48.0), backgroundLevel(k, pm::kPhi), backgroundLevel(k, pm::kPhi2)};
}

struct Delta3 {
    at::Tensor r, g, b;
};

// pm::channelDelta.
Delta3 channelDelta(const Planes &s, const Planes &t, const Background &bg)
{
    const at::Tensor blend = s.a.lt(255.0).logical_or(t.a.lt(255.0));
    const at::Tensor da = s.a.sub(t.a);
    auto one = [&](const at::Tensor &c1, const at::Tensor &c2, const at::Tensor &level) {
        const at::Tensor mixed = c1.mul(s.a).sub(c2.mul(t.a)).sub(level.mul(da)).div(255.0);
        return at::where(blend, mixed, c1.sub(c2));
    };
    return {one(s.r, t.r, bg.r), one(s.g, t.g, bg.g), one(s.b, t.b, bg.b)};
}

at::Tensor luma(const Delta3 &d)
{
    return d.r.mul(pm::kYr).add(d.g.mul(pm::kYg)).add(d.b.mul(pm::kYb));
}

at::Tensor signedYiqDelta(const Delta3 &d)
{
    const at::Tensor y = luma(d);
    const at::Tensor i = d.r.mul(pm::kIr).sub(d.g.mul(pm::kIg)).sub(d.b.mul(pm::kIb));
    const at::Tensor q = d.r.mul(pm::kQr).sub(d.g.mul(pm::kQg)).add(d.b.mul(pm::kQb));
    const at::Tensor delta = y.mul(pm::kWy).mul(y).add(i.mul(pm::kWi).mul(i)).add(q.mul(pm::kWq).mul(q));
    return at::where(y.gt(0), delta.neg(), delta);
}

// pm::jsToUint8 for finite values.
at::Tensor jsToUint8(const at::Tensor &v)
{
    const at::Tensor m = v.trunc().fmod(256.0);
    return at::where(m.lt(0), m.add(256.0), m).to(at::kByte);
}

at::Tensor fadedGrey(const Planes &s, double alpha)
{
    const at::Tensor l = s.r.mul(pm::kYr).add(s.g.mul(pm::kYg)).add(s.b.mul(pm::kYb));
    return jsToUint8(l.sub(255.0).mul(alpha).mul(s.a).div(255.0).add(255.0));
}

// Neighbour offsets in the scan order of the reference (column-major).
constexpr std::array<std::array<int, 2>, 8> kScan = {{{-1, -1}, {-1, 0}, {-1, 1}, {0, -1}, {0, 1}, {1, -1}, {1, 0}, {1, 1}}};

struct Window {
    int h = 0, w = 0;          // area size; window is (h+4) x (w+4)
    at::Tensor words;          // [h+4, w+4, 4] native ints (zero outside the frame)
    at::Tensor scaled;         // [h+4, w+4, 4] double, 0..255 scale
    at::Tensor inFrame;        // [h+4, w+4] bool
    at::Tensor border;         // [h+4, w+4] int: 1 on the frame's first/last row/column
};

// Sibling-count test of pm::hasManySiblings, on the ring (area + 1): [h+2, w+2] bool.
at::Tensor hasManySiblings(const Window &win)
{
    const int h = win.h + 2, w = win.w + 2;
    const at::Tensor center = crop(win.words, 1, 1, h, w);
    at::Tensor same = crop(win.border, 1, 1, h, w).clone();
    for (const auto &d : kScan) {
        const at::Tensor nb = crop(win.words, 1 + d[1], 1 + d[0], h, w);
        const at::Tensor eq = nb.eq(center).all(-1).logical_and(crop(win.inFrame, 1 + d[1], 1 + d[0], h, w));
        same.add_(eq.to(at::kInt));
    }
    return same.gt(2);
}

// pm::antialiased for every pixel of the area of `img`; hm = hasMany(img) & hasMany(other).
at::Tensor antialiased(const Window &img, const at::Tensor &hm, const at::Tensor &k)
{
    const int h = img.h, w = img.w;
    const at::Tensor cWords = crop(img.words, 2, 2, h, w);
    const Planes c = planesOf(crop(img.scaled, 2, 2, h, w));
    const Background bg = backgroundAt(k);
    at::Tensor zeroes = crop(img.border, 2, 2, h, w).clone();
    at::Tensor lo = at::zeros({h, w}, img.scaled.options());
    at::Tensor hi = at::zeros({h, w}, img.scaled.options());
    at::Tensor hmLo = at::zeros({h, w}, hm.options());
    at::Tensor hmHi = at::zeros({h, w}, hm.options());
    for (const auto &d : kScan) {
        const at::Tensor valid = crop(img.inFrame, 2 + d[1], 2 + d[0], h, w);
        const at::Tensor same = crop(img.words, 2 + d[1], 2 + d[0], h, w).eq(cWords).all(-1);
        const at::Tensor l = at::where(same, at::zeros_like(lo),
                                       luma(channelDelta(c, planesOf(crop(img.scaled, 2 + d[1], 2 + d[0], h, w)), bg)));
        const at::Tensor isZero = valid.logical_and(l.eq(0));
        zeroes.add_(isZero.to(at::kInt));
        const at::Tensor hmHere = crop(hm, 1 + d[1], 1 + d[0], h, w);
        const at::Tensor upLo = valid.logical_and(l.lt(lo));
        const at::Tensor upHi = valid.logical_and(l.gt(hi));
        lo = at::where(upLo, l, lo);
        hmLo = at::where(upLo, hmHere, hmLo);
        hi = at::where(upHi, l, hi);
        hmHi = at::where(upHi, hmHere, hmHi);
    }
    return zeroes.le(2).logical_and(lo.ne(0)).logical_and(hi.ne(0)).logical_and(hmLo.logical_or(hmHi));
}

// Window of area + 2 from the uploaded region (zero padded outside it).
Window makeWindow(const at::Tensor &raw, const Rect &region, const Rect &area, int frameW, int frameH, bool wide)
{
    Window win;
    win.h = area.height;
    win.w = area.width;
    const int ex = area.x - 2, ey = area.y - 2, ew = area.width + 4, eh = area.height + 4;
    const Rect inside = Rect{ex, ey, ew, eh}.intersected(region);
    const at::Tensor part = nativeSamples(crop(raw, inside.y - region.y, inside.x - region.x, inside.height, inside.width));
    const int padL = inside.x - ex, padT = inside.y - ey;
    const int padR = ex + ew - (inside.x + inside.width), padB = ey + eh - (inside.y + inside.height);
    win.words = at::constant_pad_nd(part, {0, 0, padL, padR, padT, padB}, 0);
    win.scaled = win.words.to(at::kDouble);
    if (wide)
        win.scaled = win.scaled.div(257.0);
    const auto iopt = at::TensorOptions().dtype(at::kInt).device(raw.device());
    const at::Tensor ys = at::arange(ey, ey + eh, iopt).unsqueeze(1);
    const at::Tensor xs = at::arange(ex, ex + ew, iopt).unsqueeze(0);
    win.inFrame = ys.ge(0).logical_and(ys.lt(frameH)).logical_and(xs.ge(0)).logical_and(xs.lt(frameW));
    win.border = ys.eq(0).logical_or(ys.eq(frameH - 1)).logical_or(xs.eq(0)).logical_or(xs.eq(frameW - 1)).to(at::kInt);
    return win;
}

at::Tensor ignoreMask(const std::vector<Rect> &rects, const Rect &area, const at::Device &dev)
{
    const auto iopt = at::TensorOptions().dtype(at::kInt).device(dev);
    at::Tensor m = at::zeros({area.height, area.width}, iopt.dtype(at::kBool));
    if (rects.empty())
        return m;
    const at::Tensor ys = at::arange(area.y, area.y + area.height, iopt).unsqueeze(1);
    const at::Tensor xs = at::arange(area.x, area.x + area.width, iopt).unsqueeze(0);
    for (const Rect &r : rects)
        m = m.logical_or(ys.ge(r.y).logical_and(ys.lt(r.y + r.height)).logical_and(xs.ge(r.x)).logical_and(
            xs.lt(r.x + r.width)));
    return m;
}

at::Tensor colour(const Rgb &c, uint8_t alpha, const at::Device &dev)
{
    const uint8_t v[4] = {c.r, c.g, c.b, alpha};
    return at::from_blob(const_cast<uint8_t *>(v), {4}, at::TensorOptions().dtype(at::kByte)).clone().to(dev);
}

void exactStats(const at::Tensor &na, const at::Tensor &nb, const at::Tensor &keep, ExactAccumulator &acc)
{
    const at::Tensor d = na.sub(nb).abs().to(at::kLong).mul(keep.unsqueeze(-1).to(at::kLong));
    const at::Tensor sums = at::stack({keep.sum().to(at::kLong), d.ne(0).any(-1).sum().to(at::kLong),
                                       d.numel() ? d.max().to(at::kLong) : at::zeros({}, d.options()), d.sum(),
                                       d.mul(d).sum()})
                                .cpu();
    const int64_t *s = sums.data_ptr<int64_t>();
    acc.pixels = s[0];
    acc.differing = s[1];
    acc.maxDelta = int(s[2]);
    acc.sumAbs = uint64_t(s[3]);
    acc.sumSq = static_cast<unsigned __int128>(uint64_t(s[4]));
    acc.channels = 4;
}

} // namespace

void opsPixelmatchStats(const TileRequest &req, TileOutput &out, const at::Tensor &a, const at::Tensor &b,
                        const Rect &region)
{
    const Rect &area = req.area;
    const PixelmatchOptions &o = req.opt->pixelmatch;
    const at::Device dev = a.device();
    const bool wide = req.a.depth == 16;
    const int fw = req.a.width, fh = req.a.height, h = area.height, w = area.width;

    const Window wa = makeWindow(a, region, area, fw, fh, wide);
    const Window wb = makeWindow(b, region, area, fw, fh, wide);
    const at::Tensor na = crop(wa.words, 2, 2, h, w), nb = crop(wb.words, 2, 2, h, w);
    const at::Tensor ign = ignoreMask(clippedIgnore(req.opt->ignore, area), area, dev);
    const at::Tensor keep = ign.logical_not();
    exactStats(na, nb, keep, out.exact);

    // Pattern index of every area pixel: 4 * (y * W + x).
    const auto lopt = at::TensorOptions().dtype(at::kLong).device(dev);
    const at::Tensor k = at::arange(area.y, area.y + h, lopt).unsqueeze(1).mul(int64_t(fw))
                             .add(at::arange(area.x, area.x + w, lopt).unsqueeze(0)).mul(4).to(at::kDouble);

    const Planes pa = planesOf(crop(wa.scaled, 2, 2, h, w)), pb = planesOf(crop(wb.scaled, 2, 2, h, w));
    const at::Tensor differs = na.ne(nb).any(-1);
    const at::Tensor delta = at::where(differs, signedYiqDelta(channelDelta(pa, pb, backgroundAt(k))),
                                       at::zeros({h, w}, wa.scaled.options()));
    const double maxDelta = pm::kMaxYiqDelta * o.threshold * o.threshold;
    const at::Tensor over = keep.logical_and(delta.abs().gt(maxDelta));
    at::Tensor isAA = at::zeros_like(over);
    if (!o.includeAA) {
        const at::Tensor hm = hasManySiblings(wa).logical_and(hasManySiblings(wb));
        isAA = over.logical_and(antialiased(wa, hm, k).logical_or(antialiased(wb, hm, k)));
    }
    const at::Tensor mis = over.logical_and(isAA.logical_not());
    const at::Tensor counts = at::stack({mis.sum(), isAA.sum()}).to(at::kLong).cpu();
    out.counts.mismatched = counts.data_ptr<int64_t>()[0];
    out.counts.antiAliased = counts.data_ptr<int64_t>()[1];

    if (out.mask) {
        const auto bopt = at::TensorOptions().dtype(at::kByte).device(dev);
        at::Tensor m = at::zeros({h, w}, bopt);
        m.masked_fill_(mis, int64_t(MaskDiff));
        m.masked_fill_(isAA, int64_t(MaskAA));
        m.masked_fill_(ign, int64_t(MaskIgnored));
        copyRowsToHost(m, h, size_t(w), out.mask, out.maskStride);
    }
    if (out.diff) {
        const at::Tensor grey = fadedGrey(pa, o.alpha);
        at::Tensor img;
        const at::Tensor clear = at::zeros({4}, at::TensorOptions().dtype(at::kByte).device(dev));
        if (o.diffMask)
            img = clear.expand({h, w, 4});
        else
            img = at::stack({grey, grey, grey, at::full({h, w}, 255, grey.options())}, -1);
        if (!o.diffMask)
            img = at::where(isAA.unsqueeze(-1), colour(o.aaColor, 255, dev), img);
        const at::Tensor mainColour = colour(o.diffColor, 255, dev);
        const at::Tensor altColour = colour(o.diffColorAlt.value_or(o.diffColor), 255, dev);
        img = at::where(mis.logical_and(delta.lt(0)).unsqueeze(-1), altColour, img);
        img = at::where(mis.logical_and(delta.ge(0)).unsqueeze(-1), mainColour, img);
        at::Tensor ignored;
        if (o.diffMask) {
            const uint8_t v[4] = {64, 128, 255, 64};
            ignored = at::from_blob(const_cast<uint8_t *>(v), {4}, at::TensorOptions().dtype(at::kByte)).clone().to(dev)
                          .expand({h, w, 4});
        } else {
            const at::Tensor g = grey.to(at::kInt);
            ignored = at::stack({g.mul(5).div(8, "trunc"), g.mul(3).div(4, "trunc"),
                                 g.div(2, "trunc").add(128).clamp_max(255), at::full({h, w}, 255, g.options())},
                                -1)
                          .to(at::kByte);
        }
        img = at::where(ign.unsqueeze(-1), ignored, img).contiguous();
        copyRowsToHost(img, h, size_t(w) * 4, out.diff, out.diffStride);
    }
}

} // namespace difflens::detail::torchk
