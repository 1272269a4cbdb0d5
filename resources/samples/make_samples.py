#!/usr/bin/python3
"""Generates the bundled sample pair: a 1280x800 settings-screen mock-up (A) and the same
screen after a small UI change (B): one button recoloured, a card moved by a few pixels and
one word changed. Run once; the PNGs are committed.

Usage: /usr/bin/python3 resources/samples/make_samples.py [OUTPUT_DIR]
Needs python3-pil and fonts-dejavu-core.
"""
import os
import sys

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
W, H = 1280, 800


def font(size, bold=False):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(os.path.join(FONT_DIR, name), size)


def button(d, x, y, w, h, label, fill, text_fill=(255, 255, 255)):
    d.rounded_rectangle((x, y, x + w, y + h), radius=8, fill=fill)
    f = font(15, bold=True)
    tw = d.textlength(label, font=f)
    d.text((x + (w - tw) / 2, y + h / 2), label, font=f, fill=text_fill, anchor="lm")


def toggle(d, x, y, on):
    d.rounded_rectangle((x, y, x + 44, y + 24), radius=12, fill=(52, 120, 246) if on else (200, 204, 212))
    cx = x + 32 if on else x + 12
    d.ellipse((cx - 9, y + 3, cx + 9, y + 21), fill=(255, 255, 255))


def draw_screen(variant):
    img = Image.new("RGB", (W, H), (244, 246, 250))
    d = ImageDraw.Draw(img)
    # Title bar
    d.rectangle((0, 0, W, 48), fill=(33, 37, 46))
    for i, c in enumerate([(237, 95, 87), (245, 190, 79), (98, 197, 84)]):
        d.ellipse((16 + i * 22, 17, 30 + i * 22, 31), fill=c)
    d.text((W / 2, 24), "Acme Studio \u2014 Preferences", font=font(16), fill=(230, 232, 238), anchor="mm")
    # Sidebar
    d.rectangle((0, 48, 240, H), fill=(255, 255, 255))
    d.line((240, 48, 240, H), fill=(221, 225, 232))
    items = ["General", "Appearance", "Accounts", "Notifications", "Privacy", "Updates", "Advanced"]
    for i, label in enumerate(items):
        y = 76 + i * 44
        if i == 1:
            d.rounded_rectangle((12, y - 8, 228, y + 28), radius=6, fill=(232, 240, 254))
        d.text((32, y), label, font=font(16, bold=(i == 1)), fill=(40, 44, 52) if i != 1 else (32, 96, 214))
    # Header
    d.text((280, 76), "Appearance", font=font(30, bold=True), fill=(24, 28, 36))
    word = "colours" if variant == "a" else "colors"
    d.text((280, 122), "Choose how Acme Studio looks. Theme and " + word + " apply to every window.",
           font=font(15), fill=(96, 104, 118))
    # Theme card
    card_x = 280 if variant == "a" else 286
    card_y = 170 if variant == "a" else 174
    d.rounded_rectangle((card_x, card_y, card_x + 440, card_y + 250), radius=10, fill=(255, 255, 255),
                        outline=(221, 225, 232))
    d.text((card_x + 24, card_y + 20), "Theme", font=font(18, bold=True), fill=(24, 28, 36))
    for i, (name, bg, fg) in enumerate([("Light", (250, 250, 252), (40, 44, 52)),
                                        ("Dark", (38, 42, 52), (230, 232, 238)),
                                        ("System", (160, 170, 190), (255, 255, 255))]):
        x = card_x + 24 + i * 136
        d.rounded_rectangle((x, card_y + 60, x + 120, card_y + 160), radius=8, fill=bg,
                            outline=(52, 120, 246) if i == 0 else (210, 214, 222), width=3 if i == 0 else 1)
        d.text((x + 60, card_y + 180), name, font=font(14), fill=(40, 44, 52), anchor="mm")
        d.rectangle((x + 12, card_y + 76, x + 90, card_y + 84), fill=fg)
        d.rectangle((x + 12, card_y + 94, x + 70, card_y + 100), fill=fg)
    d.text((card_x + 24, card_y + 214), "Accent: Blue", font=font(14), fill=(96, 104, 118))
    # Options card
    ox, oy = 760, 170
    d.rounded_rectangle((ox, oy, ox + 480, oy + 250), radius=10, fill=(255, 255, 255), outline=(221, 225, 232))
    d.text((ox + 24, oy + 20), "Display", font=font(18, bold=True), fill=(24, 28, 36))
    opts = [("Use large text", False), ("Reduce motion", True), ("Show status bar", True), ("Compact toolbar", False)]
    for i, (label, on) in enumerate(opts):
        y = oy + 66 + i * 44
        d.text((ox + 24, y), label, font=font(15), fill=(40, 44, 52))
        toggle(d, ox + 410, y - 3, on)
    # Font size slider
    sy = 460
    d.rounded_rectangle((280, sy, 1240, sy + 140), radius=10, fill=(255, 255, 255), outline=(221, 225, 232))
    d.text((304, sy + 20), "Interface font size", font=font(18, bold=True), fill=(24, 28, 36))
    d.rounded_rectangle((304, sy + 80, 1216, sy + 86), radius=3, fill=(221, 225, 232))
    d.rounded_rectangle((304, sy + 80, 640, sy + 86), radius=3, fill=(52, 120, 246))
    d.ellipse((630, sy + 73, 650, sy + 93), fill=(255, 255, 255), outline=(52, 120, 246), width=3)
    d.text((304, sy + 104), "Small", font=font(13), fill=(120, 128, 140))
    d.text((1216, sy + 104), "Large", font=font(13), fill=(120, 128, 140), anchor="ra")
    # Buttons
    by = 700
    button(d, 280, by, 120, 40, "Reset", (255, 255, 255), text_fill=(40, 44, 52))
    d.rounded_rectangle((280, by, 400, by + 40), radius=8, outline=(200, 204, 212))
    button(d, 1000, by, 110, 40, "Cancel", (108, 117, 125))
    apply_fill = (52, 120, 246) if variant == "a" else (34, 160, 90)
    button(d, 1124, by, 116, 40, "Apply", apply_fill)
    return img


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    for variant, name in (("a", "settings-a.png"), ("b", "settings-b.png")):
        draw_screen(variant).save(os.path.join(out, name), optimize=True)
    print("wrote", os.path.join(out, "settings-a.png"), "and settings-b.png")


if __name__ == "__main__":
    main()
