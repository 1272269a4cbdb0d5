#!/usr/bin/python3
# Writes a huge screenshot-like PNG pair A/B band by band (bounded memory) and its expected pixelmatch 7.2.0 counts.
"""Writes a huge screenshot-like PNG pair A/B with bounded memory, and its expected pixelmatch counts.

A is a procedural UI screenshot (top bar, sidebar menu, a grid of cards with rounded
anti-aliased corners, avatars, buttons, progress bars and lines of small glyph-like marks
with grey anti-aliased edges), deterministic from --seed. Any rectangle of A or B can be
rendered directly, so the full images are written band by band (own PNG writer: zlib level 1,
filter Sub on every row, IDAT chunks as the compressor produces them) without ever holding a
frame. B is A with --blocks isolated changed blocks (8..200 px a side, at least 16 px apart
and 8 px from the edges): strong recolours, inversions, subtle colour shifts around and
below pixelmatch's default threshold, tiny shifts, text moved by 1..3 px and changed text.

Expected counts, computed independently of DiffLens: outside the blocks A and B are
identical, and pixelmatch's anti-aliasing check looks at most 2 px away from a pixel, so the
whole-image mismatch count is the sum over blocks of the real pixelmatch 7.2.0 (npm, default
options) run on crops of A and B around each block with a 4 px margin. The crops are
rendered directly, written as small PNGs and counted by crop_counts.mjs. The exact differing
count (any channel differs) is summed over the same crops here.

pixelmatch 7.2.0 composites semi-transparent pixels over a pattern that depends on the
pixel's absolute position, which a crop cannot reproduce; so with --rgba, A has
semi-transparent cards but every block is placed where A is opaque (crop included) and no
block changes alpha.

Usage:
  /usr/bin/python3 bench/huge/make_pair.py --width 16384 --height 16384 --seed 1 --blocks 64 \\
      --out-a a.png --out-b b.png --expected expected.json [--rgba] [--check-full]
Needs python3-numpy, node + npm (pixelmatch 7.2.0 and pngjs 7 are installed into --npm-dir,
default /tmp/difflens-bench-npm, outside the repository, when missing).
"""
import argparse
import json
import os
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from concurrent.futures import ThreadPoolExecutor

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR_VERSION = 1

# ---------------------------------------------------------------------------------------
# Layout (absolute pixel coordinates; everything below is a pure function of x, y, seed).
TOPBAR_H = 48
SIDEBAR_W = 232
CONTENT_X, CONTENT_Y = 256, 72
CW, CH = 320, 208            # card size
PX, PY = CW + 24, CH + 24    # card grid period
GW, GH = 7, 9                # glyph cell: 7 wide (6 + spacing), 9 tall
MAX_SLOTS = (CW - 32) // GW  # 41 glyph slots across a card
BUTTON_WIDTHS = (72, 96, 120)

BG = (243, 244, 246)
TOPBAR = (31, 41, 55)
TOPBAR_TEXT = (229, 231, 235)
SIDEBAR = (249, 250, 251)
SIDEBAR_LINE = (229, 231, 235)
MENU_HI = (224, 231, 255)
MENU_TEXT = (55, 65, 81)
CARD = (255, 255, 255)
CARD_BORDER = (209, 213, 219)
SEPARATOR = (229, 231, 235)
TITLE = (17, 24, 39)
BODY = (75, 85, 99)
TRACK = (229, 231, 235)
PROGRESS = (37, 99, 235)
PALETTE = np.array([(37, 99, 235), (22, 163, 74), (220, 38, 38), (217, 119, 6), (124, 58, 237),
                    (8, 145, 178), (219, 39, 119), (75, 85, 99)], dtype=np.int32)

U32 = np.uint32


def mix32(h):
    """murmur3 finaliser on a uint32 array (returns a new array)."""
    h = np.array(h, dtype=U32, ndmin=1)  # 1-d at least: numpy warns about wrapping only on scalars
    h ^= h >> U32(16)
    h *= U32(0x7FEB352D)
    h ^= h >> U32(15)
    h *= U32(0x846CA68B)
    h ^= h >> U32(16)
    return h


def hash4(seed, a, b, c, d):
    """Deterministic uint32 hash of four non-negative integer arrays (broadcast)."""
    h = mix32(np.asarray(a, dtype=np.int64).astype(U32) ^ U32(seed & 0xFFFFFFFF))
    h = mix32(h ^ (np.asarray(b, dtype=np.int64).astype(U32) * U32(0x9E3779B1)))
    h = mix32(h ^ (np.asarray(c, dtype=np.int64).astype(U32) * U32(0x85EBCA77)))
    h = mix32(h ^ (np.asarray(d, dtype=np.int64).astype(U32) * U32(0xC2B2AE3D)))
    return h


def supersample(inside, h, w, s=4):
    """Coverage 0..255 (int32, h x w) of the shape inside(xs, ys) (float arrays), s x s samples."""
    off = (np.arange(s) + 0.5) / s
    ys = (np.arange(h)[:, None] + off[None, :]).reshape(-1)
    xs = (np.arange(w)[:, None] + off[None, :]).reshape(-1)
    m = inside(xs[None, :], ys[:, None]).astype(np.int32)
    cnt = m.reshape(h, s, w, s).sum(axis=(1, 3))
    return (cnt * 255 + (s * s) // 2) // (s * s)


def rounded_rect(x0, y0, x1, y1, r):
    def inside(x, y):
        cx = np.clip(x, x0 + r, x1 - r)
        cy = np.clip(y, y0 + r, y1 - r)
        return (x >= x0) & (x < x1) & (y >= y0) & (y < y1) & ((x - cx) ** 2 + (y - cy) ** 2 <= r * r)
    return inside


def mix(base, colour, cov):
    """base (n,3) int32, colour (3,) or (n,3), cov (n,) 0..255 -> blended int32."""
    cov = cov[:, None]
    return (base * (255 - cov) + np.asarray(colour, dtype=np.int32) * cov + 127) // 255


def make_atlas(seed, bold):
    """64 glyph-like marks, 7x9 coverage (0..255), drawn at 3x and box-filtered (grey edges)."""
    rng = np.random.default_rng([seed, 7, int(bold)])
    n, S = 64, 3
    hw, hh = GW * S, GH * S
    atlas = np.zeros((n, GH, GW), dtype=np.int32)
    yy, xx = np.mgrid[0:hh, 0:hw]
    stroke = 5 if bold else 3
    for g in range(1, n):
        m = np.zeros((hh, hw), dtype=bool)
        top = int(rng.choice([0, 2, 8, 9]))            # ascender or x-height
        for _ in range(int(rng.integers(2, 5))):
            kind = int(rng.integers(0, 5))
            if kind == 0:    # vertical stem
                x = int(rng.integers(0, 17 - stroke))
                m |= (xx >= x) & (xx < x + stroke) & (yy >= top) & (yy < 26)
            elif kind == 1:  # horizontal bar
                y = int(rng.integers(top, 26 - stroke))
                x0 = int(rng.integers(0, 8))
                m |= (yy >= y) & (yy < y + stroke) & (xx >= x0) & (xx < int(rng.integers(x0 + 6, 18)))
            elif kind == 2:  # diagonal
                x0, x1 = int(rng.integers(0, 17)), int(rng.integers(0, 17))
                t = (yy - top) / max(1, 26 - top)
                cx = x0 + (x1 - x0) * t
                m |= (np.abs(xx + 0.5 - cx) * 1.0 < stroke * 0.6) & (yy >= top) & (yy < 26)
            elif kind == 3:  # bowl
                cx, cy = rng.integers(6, 12), rng.integers(max(top, 10), 19)
                rad = rng.integers(5, 8)
                d2 = (xx + 0.5 - cx) ** 2 + (yy + 0.5 - cy) ** 2
                m |= (d2 <= rad * rad) & (d2 >= (rad - stroke) ** 2)
            else:            # dot
                x, y = int(rng.integers(2, 14)), int(rng.integers(top, 22))
                m |= (xx >= x) & (xx < x + stroke + 1) & (yy >= y) & (yy < y + stroke + 1)
        m[:, 18:] = False  # keep the last column for spacing
        cnt = m.reshape(GH, S, GW, S).sum(axis=(1, 3))
        atlas[g] = (cnt * 255 + 4) // 9
    return atlas


class Scene:
    """The screenshot A (and B, given blocks); render(x0, y0, w, h) returns uint8 (h, w, C)."""

    def __init__(self, width, height, seed, rgba):
        self.W, self.H, self.seed, self.rgba = width, height, seed, rgba
        self.C = 4 if rgba else 3
        self.regular = make_atlas(seed, False)
        self.bold = make_atlas(seed, True)
        # Fixed card background: border and white fill with rounded, anti-aliased corners.
        outer = supersample(rounded_rect(0, 0, CW, CH, 10), CH, CW)
        inner = supersample(rounded_rect(1, 1, CW - 1, CH - 1, 9), CH, CW)
        self.card_cov = outer  # for the alpha of translucent cards
        tmpl = np.empty((CH, CW, 3), dtype=np.int32)
        tmpl[:] = BG
        tmpl = mix(tmpl.reshape(-1, 3), CARD_BORDER, outer.reshape(-1)).reshape(CH, CW, 3)
        tmpl = mix(tmpl.reshape(-1, 3), CARD, inner.reshape(-1)).reshape(CH, CW, 3)
        tmpl[40, 16:CW - 16] = SEPARATOR
        self.card = tmpl
        self.avatar = supersample(lambda x, y: (x - 12) ** 2 + (y - 12) ** 2 <= 11 * 11, 24, 24)
        self.buttons = [supersample(rounded_rect(0, 0, bw, 28, 6), 28, bw) for bw in BUTTON_WIDTHS]
        self.blocks = []
        self._attr_key, self._attr = None, None

    # -- per-card attributes for cards i0..i1 of card row j ----------------------------
    def card_attrs(self, i0, i1, j):
        key = (i0, i1, j)
        if self._attr_key == key:
            return self._attr
        self._attr_key, self._attr = key, self._card_attrs(i0, i1, j)
        return self._attr

    def _card_attrs(self, i0, i1, j):
        i = np.arange(i0, i1 + 1)
        h = [hash4(self.seed, i, j, 1000 + t, 0) for t in range(8)]
        a = {
            "exists": (h[0] % U32(9)) != 0,
            "translucent": ((h[0] % U32(13)) == 5) if self.rgba else np.zeros(i.shape, bool),
            "title_len": (6 + h[1] % U32(22)).astype(np.int64),
            "avatar": PALETTE[(h[2] % U32(len(PALETTE))).astype(np.int64)],
            "button_w": (h[3] % U32(3)).astype(np.int64),
            "button": PALETTE[(h[4] % U32(len(PALETTE))).astype(np.int64)],
            "progress": ((h[5] % U32(101)).astype(np.int64) * 136) // 100,
        }
        lens = []
        for k in range(6):
            n = (hash4(self.seed, i, j, 1100 + k, 0) % U32(38)).astype(np.int64) + 4
            lens.append(np.where(n < 8, 0, n))
        a["body_len"] = lens
        return a

    def card_exists(self, i, j):
        return bool(self.card_attrs(i, i, j)["exists"][0])

    # -- text ----------------------------------------------------------------------------
    def glyph_table(self, salt, i0, n, j, key, slots):
        """Glyph id per (card i0+r, slot s) for text line `key` of card row j; 0 is a space."""
        i = np.arange(i0, i0 + n)[:, None]
        s = np.arange(slots)[None, :]
        h = hash4(self.seed ^ (salt * 0x27D4EB2F), i, j, key, s)
        gid = (h % U32(63)).astype(np.int64) + 1
        return np.where(((h >> U32(8)) % U32(6)) == 0, 0, gid)

    def text(self, px, lx, rel, x_text, lens, gy, atlas, colour, table):
        """Blends glyph row gy of the text starting at local x x_text into px (in place)."""
        t = lx - x_text
        s = t // GW
        sel = np.nonzero((t >= 0) & (s < lens[rel]))[0]
        if sel.size == 0:
            return
        gid = table[rel[sel], s[sel]]
        cov = atlas[gid, gy, t[sel] % GW]
        px[sel] = mix(px[sel], colour, cov)

    # -- one row of A --------------------------------------------------------------------
    def row(self, y, x0, w, salt=0):
        C = self.C
        out = np.empty((w, C), dtype=np.int32)
        out[:, :3] = BG
        if C == 4:
            out[:, 3] = 255
        if y < TOPBAR_H:
            out[:, :3] = TOPBAR
            if 20 <= y < 20 + GH and x0 < 20 + 40 * GW:
                xs = np.arange(x0, x0 + w)
                table = self.glyph_table(salt, 0, 1, 0, 1, 40)
                px = out[:, :3].copy()
                self.text(px, xs, np.zeros(w, np.int64), 20, np.array([40]), y - 20, self.bold, TOPBAR_TEXT, table)
                out[:, :3] = px
            return out
        # sidebar: [0, SIDEBAR_W)
        sb = max(0, min(w, SIDEBAR_W - x0))
        if sb > 0:
            xs = np.arange(x0, x0 + sb)
            px = np.empty((sb, 3), dtype=np.int32)
            px[:] = SIDEBAR
            if y >= CONTENT_Y:
                m, ly = divmod(y - CONTENT_Y, 36)
                hm = int(hash4(self.seed, m, 0, 2000, 0)[0])
                if hm % 11 == 3 and 4 <= ly < 32:
                    px[(xs >= 12) & (xs < 220)] = MENU_HI
                if 13 <= ly < 13 + GH:
                    table = self.glyph_table(salt, m, 1, 0, 2001, 24)
                    self.text(px, xs, np.zeros(sb, np.int64), 28, np.array([8 + hm % 17]), ly - 13,
                              self.regular, MENU_TEXT, table)
            px[xs == SIDEBAR_W - 1] = SIDEBAR_LINE
            out[:sb, :3] = px
        # cards
        cs = max(0, CONTENT_X - x0)
        if y < CONTENT_Y or cs >= w:
            return out
        j, ly = divmod(y - CONTENT_Y, PY)
        if ly >= CH:
            return out
        xc = np.arange(x0 + cs, x0 + w) - CONTENT_X
        ci, lx = np.divmod(xc, PX)
        i0, i1 = int(ci[0]), int(ci[-1])
        at = self.card_attrs(i0, i1, j)
        rel = ci - i0
        idx = np.nonzero((lx < CW) & at["exists"][rel])[0]
        if idx.size == 0:
            return out
        lx, rel = lx[idx], rel[idx]
        px = self.card[ly, lx].copy()
        n = i1 - i0 + 1
        if 14 <= ly < 14 + GH:
            table = self.glyph_table(salt, i0, n, j, 100, MAX_SLOTS)
            self.text(px, lx, rel, 16, at["title_len"], ly - 14, self.bold, TITLE, table)
        if 8 <= ly < 32:
            sel = np.nonzero((lx >= CW - 42) & (lx < CW - 18))[0]
            if sel.size:
                cov = self.avatar[ly - 8, lx[sel] - (CW - 42)]
                px[sel] = mix(px[sel], at["avatar"][rel[sel]], cov)
        if 52 <= ly < 52 + 6 * 16 and (ly - 52) % 16 < GH:
            k = (ly - 52) // 16
            table = self.glyph_table(salt, i0, n, j, 200 + k, MAX_SLOTS)
            self.text(px, lx, rel, 16, at["body_len"][k], (ly - 52) % 16, self.regular, BODY, table)
        if 160 <= ly < 188:
            bwi = at["button_w"][rel]
            for b, bw in enumerate(BUTTON_WIDTHS):
                sel = np.nonzero((bwi == b) & (lx >= 16) & (lx < 16 + bw))[0]
                if sel.size:
                    cov = self.buttons[b][ly - 160, lx[sel] - 16]
                    px[sel] = mix(px[sel], at["button"][rel[sel]], cov)
            if 169 <= ly < 169 + GH:
                table = self.glyph_table(salt, i0, n, j, 300, 14)
                lens = (np.array(BUTTON_WIDTHS)[at["button_w"]] - 24) // GW
                self.text(px, lx, rel, 28, lens, ly - 169, self.bold, CARD, table)
            if 171 <= ly < 177:
                sel = np.nonzero((lx >= CW - 152) & (lx < CW - 16))[0]
                if sel.size:
                    done = (lx[sel] - (CW - 152)) < at["progress"][rel[sel]]
                    px[sel] = np.where(done[:, None], np.array(PROGRESS, np.int32), np.array(TRACK, np.int32))
        out[cs + idx, :3] = px
        if C == 4:
            tr = np.nonzero(at["translucent"][rel])[0]
            if tr.size:
                out[cs + idx[tr], 3] = 255 - (55 * self.card_cov[ly, lx[tr]]) // 255
        return out

    def render_a(self, x0, y0, w, h, salt=0):
        img = np.empty((h, w, self.C), dtype=np.uint8)
        for r in range(h):
            img[r] = self.row(y0 + r, x0, w, salt)
        return img

    def render(self, x0, y0, w, h, variant):
        img = self.render_a(x0, y0, w, h)
        if variant == "b":
            self.apply_blocks(img, x0, y0)
        return img

    # -- B: isolated changed blocks -------------------------------------------------------
    def apply_blocks(self, img, x0, y0):
        h, w = img.shape[:2]
        for b in self.blocks:
            ix0, iy0 = max(x0, b["x"]), max(y0, b["y"])
            ix1, iy1 = min(x0 + w, b["x"] + b["w"]), min(y0 + h, b["y"] + b["h"])
            if ix0 >= ix1 or iy0 >= iy1:
                continue
            sub = img[iy0 - y0:iy1 - y0, ix0 - x0:ix1 - x0]
            kind = b["kind"]
            if kind == "strong":
                sub[..., :3] = b["colour"]
                ys = np.arange(iy0, iy1)[:, None]
                xs = np.arange(ix0, ix1)[None, :]
                edge = (ys == b["y"]) | (ys == b["y"] + b["h"] - 1) | (xs == b["x"]) | (xs == b["x"] + b["w"] - 1)
                sub[edge, :3] = b["border"]
            elif kind == "invert":
                sub[..., :3] = 255 - sub[..., :3]
            elif kind in ("subtle", "tiny"):
                sub[..., :3] = np.clip(sub[..., :3].astype(np.int32) + np.array(b["delta"], np.int32), 0, 255)
            elif kind == "moved":
                sub[...] = self.render_a(ix0 - b["dx"], iy0 - b["dy"], ix1 - ix0, iy1 - iy0)
            elif kind == "text":
                sub[...] = self.render_a(ix0, iy0, ix1 - ix0, iy1 - iy0, salt=b["salt"])
            else:
                raise ValueError(kind)


# pixelmatch's YIQ weights, to size the subtle shifts around its default threshold.
def yiq_delta(d):
    r, g, b = d
    y = r * 0.29889531 + g * 0.58662247 + b * 0.11448223
    i = r * 0.59597799 - g * 0.27417610 - b * 0.32180189
    q = r * 0.21147017 - g * 0.52261711 + b * 0.31114694
    return 0.5053 * y * y + 0.299 * i * i + 0.1957 * q * q


MAX_DELTA = 35215 * 0.1 * 0.1


def place_blocks(scene, count, seed):
    """Chooses `count` non-overlapping blocks (>= 16 px apart, >= 8 px from the edges)."""
    W, H = scene.W, scene.H
    rng = np.random.default_rng([seed, 4242])
    kinds = ["strong", "invert", "subtle", "subtle", "tiny", "moved", "moved", "text"]
    blocks = []

    def fits(x, y, w, h):
        if x < 8 or y < 8 or x + w > W - 8 or y + h > H - 8:
            return False
        for b in blocks:
            if not (x + w + 16 <= b["x"] or b["x"] + b["w"] + 16 <= x or
                    y + h + 16 <= b["y"] or b["y"] + b["h"] + 16 <= y):
                return False
        if scene.rgba:  # crop (and a moved block's source) must be opaque in A
            crop = scene.render_a(x - 4, y - 4, w + 8, h + 8)
            if (crop[..., 3] != 255).any():
                return False
        return True

    def size():
        return int(rng.integers(8, 201)), int(rng.integers(8, 201))

    # Deliberate positions first: the four corners (8 px margin) and blocks straddling the
    # middle and power-of-two rows/columns (typical strip and tile boundaries).
    special = []
    for cx, cy in ((0, 0), (1, 0), (0, 1), (1, 1)):
        special.append((cx, cy, "corner"))
    p = 1024
    while p < max(W, H) and len(special) < count // 3:
        special.append((p, p, "pow2"))
        p *= 2
    special.append((W // 2, H // 2, "mid"))
    attempts = 0
    while len(blocks) < count and attempts < 200000:
        attempts += 1
        kind = kinds[len(blocks) % len(kinds)]
        w, h = size()
        if special:
            sx, sy, what = special.pop(0)
            if what == "corner":
                x = 8 if sx == 0 else W - 8 - w
                y = 8 if sy == 0 else H - 8 - h
            else:
                x, y = min(sx, W - 8) - w // 2, min(sy, H - 8) - h // 2
        elif kind in ("moved", "text") and attempts % 4 != 0:
            # over the body text of an existing card
            ni = max(1, (W - CONTENT_X) // PX)
            nj = max(1, (H - CONTENT_Y) // PY)
            i, j = int(rng.integers(0, ni)), int(rng.integers(0, nj))
            if not scene.card_exists(i, j):
                continue
            w, h = min(w, 200), min(h, 100)
            x = CONTENT_X + i * PX + int(rng.integers(8, max(9, CW - w)))
            y = CONTENT_Y + j * PY + 44 + int(rng.integers(0, 40))
        else:
            x, y = int(rng.integers(8, max(9, W - 8 - w))), int(rng.integers(8, max(9, H - 8 - h)))
        if not fits(x, y, w, h):
            continue
        b = {"x": x, "y": y, "w": w, "h": h, "kind": kind}
        if kind == "strong":
            c = PALETTE[int(rng.integers(0, len(PALETTE)))]
            b["colour"] = [int(v) for v in c]
            b["border"] = [int(v) * 3 // 4 for v in c]
        elif kind == "subtle":
            # a darkening shift whose YIQ delta is 0.5..1.6 times the default threshold's
            d = rng.uniform(-1.0, 0.3, 3)
            d *= np.sqrt(MAX_DELTA * rng.uniform(0.5, 1.6) / max(yiq_delta(d), 1e-9))
            b["delta"] = [int(v) for v in np.rint(d)]
            if not any(b["delta"]):
                b["delta"] = [-1, 0, 0]
        elif kind == "tiny":
            b["delta"] = [int(v) for v in rng.integers(-3, 2, 3)]
            if not any(b["delta"]):
                b["delta"] = [-2, -1, 0]
        elif kind == "moved":
            while True:
                dx, dy = int(rng.integers(-3, 4)), int(rng.integers(-3, 4))
                if (dx, dy) != (0, 0):
                    break
            b["dx"], b["dy"] = dx, dy
        elif kind == "text":
            b["salt"] = int(rng.integers(1, 1 << 30))
        blocks.append(b)
    if len(blocks) < count:
        print("make_pair.py: only %d of %d blocks fit" % (len(blocks), count), file=sys.stderr)
    return blocks


# ---------------------------------------------------------------------------------------
class PngWriter:
    """Streaming 8-bit RGB/RGBA PNG writer: filter Sub on every row, zlib level 1."""

    CHUNK = 1 << 20

    def __init__(self, path, width, height, channels):
        self.path, self.tmp = path, path + ".part"
        self.w, self.h, self.c = width, height, channels
        self.f = open(self.tmp, "wb")
        self.f.write(b"\x89PNG\r\n\x1a\n")
        self._chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6 if channels == 4 else 2, 0, 0, 0))
        self.z = zlib.compressobj(1, zlib.DEFLATED, 15, 9)
        self.buf = []
        self.buffered = 0
        self.rows = 0

    def _chunk(self, kind, data):
        self.f.write(struct.pack(">I", len(data)))
        self.f.write(kind)
        self.f.write(data)
        self.f.write(struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)) & 0xFFFFFFFF))

    def _emit(self, data, force=False):
        if data:
            self.buf.append(data)
            self.buffered += len(data)
        if self.buffered >= self.CHUNK or (force and self.buffered):
            self._chunk(b"IDAT", b"".join(self.buf))
            self.buf, self.buffered = [], 0

    def write_rows(self, img):
        h = img.shape[0]
        c = self.c
        raw = img.reshape(h, self.w * c)
        filt = np.empty((h, 1 + self.w * c), dtype=np.uint8)
        filt[:, 0] = 1  # Sub
        filt[:, 1:1 + c] = raw[:, :c]
        np.subtract(raw[:, c:], raw[:, :-c], out=filt[:, 1 + c:])
        self._emit(self.z.compress(filt))
        self.rows += h

    def close(self):
        assert self.rows == self.h, (self.rows, self.h)
        self._emit(self.z.flush(), force=True)
        self._chunk(b"IEND", b"")
        self.f.close()
        os.replace(self.tmp, self.path)


def write_png(path, img):
    w = PngWriter(path, img.shape[1], img.shape[0], img.shape[2])
    w.write_rows(img)
    w.close()


def write_pair(scene, out_a, out_b, band=32):
    wa = PngWriter(out_a, scene.W, scene.H, scene.C)
    wb = PngWriter(out_b, scene.W, scene.H, scene.C)
    fa = fb = None
    with ThreadPoolExecutor(max_workers=2) as ex:  # zlib releases the GIL: A and B compress in parallel
        for y0 in range(0, scene.H, band):
            h = min(band, scene.H - y0)
            a = scene.render_a(0, y0, scene.W, h)
            b = a.copy()
            scene.apply_blocks(b, 0, y0)
            if fa is not None:
                fa.result()
            fa = ex.submit(wa.write_rows, a)
            if fb is not None:
                fb.result()
            fb = ex.submit(wb.write_rows, b)
        fa.result()
        fb.result()
    wa.close()
    wb.close()


def ensure_npm(npm_dir):
    pm = os.path.join(npm_dir, "node_modules", "pixelmatch", "package.json")
    ok = os.path.exists(pm) and json.load(open(pm))["version"] == "7.2.0" and \
        os.path.exists(os.path.join(npm_dir, "node_modules", "pngjs"))
    if not ok:
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", npm_dir,
                        "pixelmatch@7.2.0", "pngjs@7"], check=True, stdout=sys.stderr)


def pixelmatch_counts(npm_dir, pairs, tmp):
    lst = os.path.join(tmp, "pairs.txt")
    with open(lst, "w") as f:
        for a, b in pairs:
            f.write("%s\t%s\n" % (a, b))
    out = subprocess.run(["node", "--max-old-space-size=8192", os.path.join(HERE, "crop_counts.mjs"), npm_dir, lst],
                         check=True, stdout=subprocess.PIPE, text=True).stdout.split()
    if len(out) != len(pairs):
        raise RuntimeError("crop_counts.mjs printed %d counts for %d pairs" % (len(out), len(pairs)))
    return [int(v) for v in out]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--width", type=int, required=True)
    ap.add_argument("--height", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--blocks", type=int, default=64)
    ap.add_argument("--out-a", required=True)
    ap.add_argument("--out-b", required=True)
    ap.add_argument("--expected", required=True, help="JSON file for the expected counts")
    ap.add_argument("--rgba", action="store_true", help="colour type 6 (default: RGB, colour type 2)")
    ap.add_argument("--npm-dir", default=os.environ.get("HUGE_NPM_DIR", "/tmp/difflens-bench-npm"))
    ap.add_argument("--check-full", action="store_true",
                    help="also run pixelmatch on the whole images and compare with the crop sum (small sizes only)")
    ap.add_argument("--band", type=int, default=32, help="rows rendered and compressed at a time")
    args = ap.parse_args()
    if args.width < 64 or args.height < 64:
        ap.error("images must be at least 64x64")

    t0 = time.monotonic()
    scene = Scene(args.width, args.height, args.seed, args.rgba)
    scene.blocks = place_blocks(scene, args.blocks, args.seed)
    t1 = time.monotonic()
    write_pair(scene, args.out_a, args.out_b, args.band)
    t2 = time.monotonic()

    ensure_npm(args.npm_dir)
    tmp = tempfile.mkdtemp(prefix="difflens-huge-crops.")
    try:
        pairs, exact = [], []
        for n, b in enumerate(scene.blocks):
            x, y, w, h = b["x"] - 4, b["y"] - 4, b["w"] + 8, b["h"] + 8
            a = scene.render(x, y, w, h, "a")
            bb = scene.render(x, y, w, h, "b")
            exact.append(int(np.any(a != bb, axis=2).sum()))
            pa, pb = os.path.join(tmp, "%03d-a.png" % n), os.path.join(tmp, "%03d-b.png" % n)
            write_png(pa, a)
            write_png(pb, bb)
            pairs.append((pa, pb))
        counts = pixelmatch_counts(args.npm_dir, pairs, tmp)
        full = None
        if args.check_full:
            full = pixelmatch_counts(args.npm_dir, [(args.out_a, args.out_b)], tmp)[0]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    t3 = time.monotonic()

    blocks = []
    for b, m, e in zip(scene.blocks, counts, exact):
        d = {k: b[k] for k in ("x", "y", "w", "h")}
        d.update(mismatched=m, exact_differing=e, kind=b["kind"])
        for k in ("delta", "dx", "dy"):
            if k in b:
                d[k] = b[k]
        blocks.append(d)
    doc = {
        "width": args.width, "height": args.height,
        "mismatched": int(sum(counts)), "exact_differing": int(sum(exact)),
        "channels": scene.C, "seed": args.seed, "generator_version": GENERATOR_VERSION,
        "reference": "pixelmatch 7.2.0 (npm), threshold 0.1, includeAA false, summed over block crops (4 px margin)",
        "a": os.path.abspath(args.out_a), "b": os.path.abspath(args.out_b),
        "blocks": blocks,
    }
    tmpj = args.expected + ".part"
    with open(tmpj, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.replace(tmpj, args.expected)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("make_pair.py: %dx%d, %d blocks: generation %.1f s (layout %.1f s), expected counts %.1f s, "
          "peak RSS %.0f MiB; mismatched %d, exact differing %d; A %.1f MiB, B %.1f MiB"
          % (args.width, args.height, len(blocks), t2 - t1, t1 - t0, t3 - t2, peak, doc["mismatched"],
             doc["exact_differing"], os.path.getsize(args.out_a) / 2**20, os.path.getsize(args.out_b) / 2**20))
    if full is not None:
        ok = full == doc["mismatched"]
        print("make_pair.py: check-full: pixelmatch on the whole images %d, crop sum %d: %s"
              % (full, doc["mismatched"], "OK" if ok else "FAIL"))
        if not ok:
            sys.exit(1)


if __name__ == "__main__":
    main()
