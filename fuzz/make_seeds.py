#!/usr/bin/python3
"""Regenerates the committed fuzz seeds (deterministic), with Debian's python3-pil:
   /usr/bin/python3 fuzz/make_seeds.py

seeds/decode/   one small file per decoder path: PNG (grey, grey+alpha, palette, tRNS,
                16 bit, interlaced), JPEG (grey, progressive, CMYK, EXIF orientation), TIFF
                (strips, tiles, planar, 16 bit, float, palette, compressed), WebP (lossy,
                lossless, alpha), BMP (1/4/8/24/32 bit, RLE8)
seeds/compare/  inputs in fuzz_compare's layout (see fuzz_compare.cpp): raw pairs and
                encoded pairs
scripts/ci-fuzz.sh adds the pixelmatch fixtures and tests/data to these at run time.
"""
import io
import os
import random
import struct

from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
DECODE = os.path.join(HERE, "seeds", "decode")
COMPARE = os.path.join(HERE, "seeds", "compare")


def picture(w=12, h=9, mode="RGB"):
    img = Image.new("RGB", (w, h), (220, 225, 230))
    d = ImageDraw.Draw(img)
    d.rectangle([1, 1, w // 2, h // 2], fill=(30, 90, 200))
    d.line([0, h - 1, w - 1, 0], fill=(200, 30, 30))
    if mode in ("I;16", "F"):
        return img.convert("L").convert("I").point(lambda v: v * 257).convert(mode)
    return img.convert(mode)


def encode(img, fmt, **kw):
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def write(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def exif_orientation(value):
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def decode_seeds():
    seeds = {
        "grey.png": encode(picture(mode="L"), "PNG"),
        "grey-alpha.png": encode(picture(mode="LA"), "PNG"),
        "rgba.png": encode(picture(mode="RGBA"), "PNG"),
        "palette.png": encode(picture(mode="P"), "PNG"),
        "trns.png": encode(picture(mode="RGB"), "PNG", transparency=(220, 225, 230)),
        "grey16.png": encode(picture(mode="I;16"), "PNG"),
        "bilevel.png": encode(picture(mode="1"), "PNG"),
        "rgb.jpg": encode(picture(), "JPEG", quality=80),
        "grey.jpg": encode(picture(mode="L"), "JPEG", quality=80),
        "progressive.jpg": encode(picture(), "JPEG", progressive=True),
        "cmyk.jpg": encode(picture(mode="CMYK"), "JPEG"),
        "exif6.jpg": encode(picture(), "JPEG", exif=exif_orientation(6)),
        "rgb.tif": encode(picture(), "TIFF"),
        "rgba-lzw.tif": encode(picture(mode="RGBA"), "TIFF", compression="tiff_lzw"),
        "grey16.tif": encode(picture(mode="I;16"), "TIFF"),
        "float.tif": encode(picture(mode="F"), "TIFF"),
        "palette.tif": encode(picture(mode="P"), "TIFF"),
        "cmyk.tif": encode(picture(mode="CMYK"), "TIFF"),
        "deflate.tif": encode(picture(), "TIFF", compression="tiff_adobe_deflate"),
        "lossy.webp": encode(picture(), "WEBP", quality=50),
        "lossless.webp": encode(picture(), "WEBP", lossless=True),
        "alpha.webp": encode(picture(mode="RGBA"), "WEBP"),
        "rgb.bmp": encode(picture(), "BMP"),
        "palette.bmp": encode(picture(mode="P"), "BMP"),
        "bilevel.bmp": encode(picture(mode="1"), "BMP"),
        "grey.bmp": encode(picture(mode="L"), "BMP"),
        "rgba.bmp": encode(picture(mode="RGBA"), "BMP"),
    }
    # PIL writes no interlaced PNG; hand the decoder an Adam7 file from zlib instead.
    seeds["interlaced.png"] = adam7_png(5, 4)
    seeds["tiled.tif"] = tiled_tiff(16, 16)
    seeds["rle8.bmp"] = rle8_bmp()
    for name, data in seeds.items():
        write(DECODE, name, data)
    return seeds


def png_chunk(kind, payload):
    import zlib
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def adam7_png(w, h):
    import zlib
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    raw = b""
    for x0, y0, dx, dy in passes:
        cols = len(range(x0, w, dx))
        for y in range(y0, h, dy):
            if cols:
                raw += b"\x00" + bytes((x * 40 + y * 20) % 256 for x in range(cols * 3))
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 1)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(raw))
            + png_chunk(b"IEND", b""))


def tiled_tiff(w, h):
    # Little-endian baseline TIFF, grey 8 bit, one 16x16 tile.
    pixels = bytes((x * 16 + y) % 256 for y in range(h) for x in range(w))
    entries = [
        (256, 3, 1, w), (257, 3, 1, h), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
        (277, 3, 1, 1), (322, 3, 1, 16), (323, 3, 1, 16), (324, 4, 1, 0), (325, 4, 1, len(pixels)),
    ]
    ifd_offset = 8
    data_offset = ifd_offset + 2 + 12 * len(entries) + 4
    out = b"II*\x00" + struct.pack("<I", ifd_offset) + struct.pack("<H", len(entries))
    for tag, typ, count, value in entries:
        if tag == 324:
            value = data_offset
        packed = struct.pack("<HI", value, 0)[:4] if typ == 3 else struct.pack("<I", value)
        out += struct.pack("<HHI", tag, typ, count) + packed
    return out + struct.pack("<I", 0) + pixels


def rle8_bmp():
    w, h = 8, 2
    palette = b"".join(bytes((i, i, i, 0)) for i in range(256))
    rle = bytes([8, 10, 0, 0, 4, 200, 4, 50, 0, 0, 0, 1])  # row, end of line, row, end of bitmap
    offset = 14 + 40 + len(palette)
    header = struct.pack("<IiiHHIIiiII", 40, w, h, 1, 8, 1, len(rle), 2835, 2835, 256, 0)
    return b"BM" + struct.pack("<IHHI", offset + len(rle), 0, 0, offset) + header + palette + rle


def compare_seeds(decoded):
    rng = random.Random(7)
    for i in range(8):
        flags = rng.randrange(256) & ~0x01       # raw mode
        dims = bytes(rng.randrange(256) for _ in range(4))
        w, h = 1 + (dims[0] & 63), 1 + (dims[1] & 63)
        body = bytes(rng.randrange(256) for _ in range(w * h * 4 * 2))
        # B mostly equal to A, with a few changed bytes, so the differences are sparse.
        a = bytearray(body[: len(body) // 2])
        b = bytearray(a)
        for _ in range(1 + i):
            b[rng.randrange(len(b))] ^= 0x5A
        write(COMPARE, "raw-%d.bin" % i, bytes([flags]) + dims + bytes(a) + bytes(b))
    pairs = [("rgb.jpg", "lossy.webp"), ("grey.png", "grey.png"), ("grey16.png", "grey16.tif"),
             ("rgba.png", "alpha.webp"), ("rgb.bmp", "rgb.tif")]
    for i, (na, nb) in enumerate(pairs):
        a, b = decoded[na], decoded[nb]
        flags = (rng.randrange(256) | 0x01)
        write(COMPARE, "encoded-%d.bin" % i, bytes([flags]) + struct.pack(">H", len(a)) + a + b)


if __name__ == "__main__":
    compare_seeds(decode_seeds())
