#!/usr/bin/python3
"""Regenerates the bad-input corpus in this folder (deterministic: same bytes every run).

Run with Debian's Python (python3-pil): /usr/bin/python3 tests/data/bad/make_corpus.py

Files that cannot live in git (a name that is not valid UTF-8, a folder where a file is
expected, a file without read permission) are made by tests/hardening at test time.
"""
import io
import os
import random
import struct
import zlib

from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))


def out(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def chunk(kind, payload):
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def picture(w=64, h=48):
    img = Image.new("RGB", (w, h), (230, 232, 236))
    d = ImageDraw.Draw(img)
    d.rectangle([w // 8, h // 8, w // 2, h // 2], fill=(40, 90, 200))
    d.ellipse([w // 2, h // 3, w - 4, h - 4], fill=(200, 40, 40))
    return img


def encoded(img, fmt, **kw):
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def main():
    png = encoded(picture(), "PNG")
    jpg = encoded(picture(), "JPEG", quality=90)

    # Cut in the middle of the image data: no IEND / no EOI marker.
    out("truncated.png", png[: len(png) // 2])
    out("truncated.jpg", jpg[: len(jpg) // 2])
    out("empty.png", b"")
    rng = random.Random(20240611)
    out("random.png", bytes(rng.randrange(256) for _ in range(4096)))
    # JPEG bytes under a .png name: decoded by content (the extension is never trusted).
    out("jpeg-named.png", jpg)

    # Decompression bomb: the header declares 100000 x 100000 RGB (30 GB of pixels) and the
    # data is a few kilobytes of zlib zeros. Must be refused from the header alone.
    w = h = 100000
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    rows = (b"\x00" + b"\x00" * (w * 3)) * 8
    out("bomb-100000x100000.png",
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))

    # Valid but unusual inputs.
    out("cmyk.jpg", encoded(picture().convert("CMYK"), "JPEG", quality=90))
    frames = [Image.new("P", (16, 16), i) for i in range(3)]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    out("animated.gif", buf.getvalue())
    out("1x1.png", encoded(Image.new("RGBA", (1, 1), (10, 20, 30, 255)), "PNG"))
    wide = Image.new("L", (65535, 1))
    wide.putdata([x % 256 for x in range(65535)])
    out("65535x1.png", encoded(wide, "PNG", optimize=True))


if __name__ == "__main__":
    main()
