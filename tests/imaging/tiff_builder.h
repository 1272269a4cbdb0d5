#pragma once
// TIFF files for the imaging tests, written with libtiff itself: any photometric
// interpretation, bit depth, sample format, planar configuration, strips or tiles,
// compression and orientation.
#include <QFile>
#include <QTemporaryDir>

#include <tiffio.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <vector>

namespace testutil {

struct TiffSpec {
    int width = 8, height = 4, spp = 1, bits = 8;
    int photometric = PHOTOMETRIC_MINISBLACK;
    int sampleFormat = SAMPLEFORMAT_UINT;
    int planar = PLANARCONFIG_CONTIG;
    int compression = COMPRESSION_NONE;
    int orientation = ORIENTATION_TOPLEFT;
    int tile = 0;                     // tile side (multiple of 16); 0 = one strip
    std::vector<uint16_t> extra;      // EXTRASAMPLES values
    std::vector<uint16_t> map[3];     // colour map (palette images)
    std::function<double(int x, int y, int s)> value; // stored sample s of pixel (x, y)
};

// Packs `count` pixels of row y from x0 (all samples, or only `plane` when >= 0).
inline std::vector<uint8_t> tiffRow(const TiffSpec &t, int y, int x0, int count, int plane)
{
    std::vector<uint8_t> out;
    uint32_t acc = 0;
    int pending = 0;
    auto put = [&out, &acc, &pending, &t](double v) {
        if (t.bits < 8) { // most significant bits first
            acc = (acc << t.bits) | (uint32_t(v) & ((1u << t.bits) - 1));
            pending += t.bits;
            while (pending >= 8) {
                out.push_back(uint8_t(acc >> (pending - 8)));
                pending -= 8;
            }
            return;
        }
        uint8_t raw[8];
        if (t.sampleFormat == SAMPLEFORMAT_IEEEFP && t.bits == 32) {
            const float f = float(v);
            std::memcpy(raw, &f, 4);
        } else if (t.bits == 8) {
            raw[0] = uint8_t(int(v));
        } else if (t.bits == 16) {
            const uint16_t u = uint16_t(int(v));
            std::memcpy(raw, &u, 2);
        } else {
            const uint32_t u = uint32_t(int64_t(v));
            std::memcpy(raw, &u, 4);
        }
        out.insert(out.end(), raw, raw + t.bits / 8);
    };
    for (int x = x0; x < x0 + count; ++x) {
        if (plane >= 0) {
            put(t.value(x, y, plane));
            continue;
        }
        for (int s = 0; s < t.spp; ++s)
            put(t.value(x, y, s));
    }
    if (pending > 0)
        out.push_back(uint8_t(acc << (8 - pending)));
    return out;
}

inline bool writeTiffData(TIFF *tif, const TiffSpec &t)
{
    const int planes = t.planar == PLANARCONFIG_SEPARATE ? t.spp : 1;
    for (int p = 0; p < planes; ++p) {
        const int plane = t.planar == PLANARCONFIG_SEPARATE ? p : -1;
        if (t.tile == 0) {
            std::vector<uint8_t> strip;
            for (int y = 0; y < t.height; ++y) {
                const std::vector<uint8_t> row = tiffRow(t, y, 0, t.width, plane);
                strip.insert(strip.end(), row.begin(), row.end());
            }
            if (TIFFWriteEncodedStrip(tif, uint32_t(p), strip.data(), tmsize_t(strip.size())) < 0)
                return false;
            continue;
        }
        for (int ty = 0; ty < t.height; ty += t.tile)
            for (int tx = 0; tx < t.width; tx += t.tile) {
                std::vector<uint8_t> buf;
                for (int y = ty; y < ty + t.tile; ++y) {
                    const std::vector<uint8_t> row = tiffRow(t, std::min(y, t.height - 1), tx, t.tile, plane);
                    buf.insert(buf.end(), row.begin(), row.end());
                }
                if (TIFFWriteTile(tif, buf.data(), uint32_t(tx), uint32_t(ty), 0, uint16_t(p)) < 0)
                    return false;
            }
    }
    return true;
}

// Writes the TIFF into `dir` and returns its bytes (empty on failure).
inline std::vector<uint8_t> buildTiffWithLibtiff(const TiffSpec &t, const QTemporaryDir &dir)
{
    const QString path = dir.filePath("built.tif");
    TIFF *tif = TIFFOpen(path.toLocal8Bit().constData(), "w");
    if (!tif)
        return {};
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, uint32_t(t.width));
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, uint32_t(t.height));
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, uint16_t(t.spp));
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, uint16_t(t.bits));
    TIFFSetField(tif, TIFFTAG_SAMPLEFORMAT, uint16_t(t.sampleFormat));
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, uint16_t(t.photometric));
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, uint16_t(t.planar));
    TIFFSetField(tif, TIFFTAG_COMPRESSION, uint16_t(t.compression));
    TIFFSetField(tif, TIFFTAG_ORIENTATION, uint16_t(t.orientation));
    if (t.compression == COMPRESSION_JPEG) {
        TIFFSetField(tif, TIFFTAG_JPEGQUALITY, 95);
        TIFFSetField(tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
    }
    if (!t.extra.empty())
        TIFFSetField(tif, TIFFTAG_EXTRASAMPLES, uint16_t(t.extra.size()), t.extra.data());
    if (!t.map[0].empty())
        TIFFSetField(tif, TIFFTAG_COLORMAP, t.map[0].data(), t.map[1].data(), t.map[2].data());
    if (t.tile > 0) {
        TIFFSetField(tif, TIFFTAG_TILEWIDTH, uint32_t(t.tile));
        TIFFSetField(tif, TIFFTAG_TILELENGTH, uint32_t(t.tile));
    } else {
        TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, uint32_t(t.height));
    }
    const bool ok = writeTiffData(tif, t);
    TIFFClose(tif);
    QFile f(path);
    if (!ok || !f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = f.readAll();
    return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

} // namespace testutil
