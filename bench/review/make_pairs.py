#!/usr/bin/env python3
"""Writes N screenshot-like pairs (baseline/current) for the folder-review benchmark.

95 % of the current images are byte copies of their baseline, 5 % carry a small change
(a recoloured button, a moved badge). Usage: make_pairs.py OUT_DIR N WIDTH HEIGHT
"""
import os
import random
import shutil
import sys

from PIL import Image, ImageDraw


def scene(seed, w, h):
    rnd = random.Random(seed)
    img = Image.new("RGB", (w, h), (rnd.randint(235, 250),) * 3)
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, w, 56], fill=(rnd.randint(20, 60), rnd.randint(60, 120), rnd.randint(150, 220)))
    for _ in range(40):
        x, y = rnd.randint(0, w - 200), rnd.randint(70, h - 60)
        colour = tuple(rnd.randint(0, 255) for _ in range(3))
        d.rectangle([x, y, x + rnd.randint(40, 200), y + rnd.randint(12, 50)], fill=colour)
    for i in range(25):
        d.text((rnd.randint(10, w - 300), rnd.randint(70, h - 20)), "Label %d lorem ipsum" % (seed * 100 + i),
               fill=(20, 20, 20))
    return img


def changed(img, seed):
    rnd = random.Random(seed)
    out = img.copy()
    d = ImageDraw.Draw(out)
    x, y = rnd.randint(100, img.width - 200), rnd.randint(100, img.height - 100)
    d.rectangle([x, y, x + 60, y + 18], fill=(220, 40, 40))
    d.text((x + 4, y + 2), "NEW", fill=(255, 255, 255))
    return out


def main():
    out, n, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    scenes_dir = os.path.join(out, "scenes")
    os.makedirs(scenes_dir, exist_ok=True)
    scenes = []
    for s in range(20):
        img = scene(s, w, h)
        path = os.path.join(scenes_dir, "scene%02d.png" % s)
        img.save(path, compress_level=6)
        scenes.append((img, path))
    changed_count = 0
    for i in range(n):
        rel = "suite%02d/case%04d.png" % (i % 10, i)
        base = os.path.join(out, "baseline", rel)
        cur = os.path.join(out, "current", rel)
        os.makedirs(os.path.dirname(base), exist_ok=True)
        os.makedirs(os.path.dirname(cur), exist_ok=True)
        img, path = scenes[i % len(scenes)]
        shutil.copyfile(path, base)
        if i % 20 == 7:  # 5 %
            changed(img, i).save(cur, compress_level=6)
            changed_count += 1
        else:
            shutil.copyfile(path, cur)
    shutil.rmtree(scenes_dir)
    print("%d pairs, %d changed, %dx%d" % (n, changed_count, w, h))


if __name__ == "__main__":
    main()
