#!/usr/bin/python3
"""Generates screenshot-like PNG pairs for the peer benchmark.

For each size WxH it writes <out>/WxH-a.png and <out>/WxH-b.png: a grid of UI cards
(anti-aliased DejaVu text, buttons, toggles, progress bars). B differs from A the way
real UI changes do: some buttons recoloured, some cards moved by a few pixels, some text
blocks shifted by exactly one pixel, and a few words changed.

Usage: /usr/bin/python3 bench/peers/make_pairs.py OUT_DIR 1280x720 1920x1080 ...
Needs python3-pil and fonts-dejavu-core.
"""
import os
import random
import sys

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
CARD_W, CARD_H, GAP = 300, 190, 24
WORDS = ("settings profile export upload review pending merged build deploy status report "
         "sync account invoice window layout theme colour network storage backup").split()


def fonts():
    return {
        "title": ImageFont.truetype(os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf"), 17),
        "body": ImageFont.truetype(os.path.join(FONT_DIR, "DejaVuSans.ttf"), 13),
        "button": ImageFont.truetype(os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf"), 13),
    }


def draw_card(d, f, x, y, rng, variant, idx):
    """Draws card idx at (x, y). rng drives content so A and B get the same text."""
    moved = variant == "b" and idx % 11 == 3
    if moved:
        x, y = x + 3, y + 2
    d.rounded_rectangle((x, y, x + CARD_W, y + CARD_H), radius=10, fill=(255, 255, 255), outline=(221, 225, 232))
    title = " ".join(rng.choice(WORDS).capitalize() for _ in range(2))
    d.text((x + 18, y + 14), title, font=f["title"], fill=(24, 28, 36))
    shift = 1 if (variant == "b" and idx % 5 == 1) else 0
    for line in range(3):
        words = [rng.choice(WORDS) for _ in range(5)]
        if variant == "b" and idx % 13 == 7 and line == 1:
            words[2] = "changed"
        d.text((x + 18 + shift, y + 46 + line * 20), " ".join(words), font=f["body"], fill=(96, 104, 118))
    # progress bar
    p = rng.randint(10, 90) / 100.0
    d.rounded_rectangle((x + 18, y + 118, x + CARD_W - 18, y + 124), radius=3, fill=(226, 230, 236))
    d.rounded_rectangle((x + 18, y + 118, x + 18 + int((CARD_W - 36) * p), y + 124), radius=3, fill=(52, 120, 246))
    # toggle
    on = rng.random() < 0.5
    tx, ty = x + 18, y + 142
    d.rounded_rectangle((tx, ty, tx + 40, ty + 22), radius=11, fill=(52, 120, 246) if on else (200, 204, 212))
    cx = tx + 29 if on else tx + 11
    d.ellipse((cx - 8, ty + 3, cx + 8, ty + 19), fill=(255, 255, 255))
    # button
    fill = (52, 120, 246)
    if variant == "b" and idx % 7 == 2:
        fill = (34, 160, 90)
    bx, by = x + CARD_W - 118, y + 138
    d.rounded_rectangle((bx, by, bx + 100, by + 32), radius=7, fill=fill)
    d.text((bx + 50, by + 16), "Open", font=f["button"], fill=(255, 255, 255), anchor="mm")


def render(w, h, variant):
    img = Image.new("RGB", (w, h), (244, 246, 250))
    d = ImageDraw.Draw(img)
    f = fonts()
    d.rectangle((0, 0, w, 40), fill=(33, 37, 46))
    d.text((16, 20), "Dashboard \u2014 %dx%d" % (w, h), font=f["title"], fill=(230, 232, 238), anchor="lm")
    idx = 0
    for y in range(56, h - CARD_H, CARD_H + GAP):
        for x in range(GAP, w - CARD_W, CARD_W + GAP):
            draw_card(d, f, x, y, random.Random(idx * 7919), variant, idx)
            idx += 1
    return img


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for size in sys.argv[2:]:
        w, h = (int(v) for v in size.lower().split("x"))
        for variant in ("a", "b"):
            path = os.path.join(out, "%dx%d-%s.png" % (w, h, variant))
            if not os.path.exists(path):
                render(w, h, variant).save(path)
        print("generated", size, file=sys.stderr)


if __name__ == "__main__":
    main()
