// Header parsing for PNG, JPEG, WebP, TIFF and BMP, written from the format specifications.
#include "probe.h"

#include "bmp_header.h"
#include "bytes.h"
#include "difflens/imaging/fileio.h"
#include "tiff_ifd.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace difflens {

namespace {

using namespace bytes;

constexpr int64_t kMaxSide = int64_t(1) << 30;

bool startsWith(const uint8_t *d, size_t n, const char *sig, size_t len)
{
    return n >= len && std::memcmp(d, sig, len) == 0;
}

bool fail(std::string &error, const std::string &reason)
{
    error = reason;
    return false;
}

bool validSize(int64_t w, int64_t h)
{
    return w > 0 && h > 0 && w <= kMaxSide && h <= kMaxSide;
}

bool probePng(const uint8_t *d, size_t n, ImageHeader &h, std::string &error)
{
    h.format = "png";
    if (n < 8 + 8 + 13 + 4 || be32(d + 8) != 13 || std::memcmp(d + 12, "IHDR", 4) != 0)
        return fail(error, probe::corruptReason("png"));
    const int64_t w = be32(d + 16), ht = be32(d + 20);
    const int bits = d[24], colorType = d[25];
    if (!validSize(w, ht))
        return fail(error, probe::corruptReason("png"));
    static const int channelsFor[7] = {1, 0, 3, 3, 2, 0, 4};
    if (colorType > 6 || channelsFor[colorType] == 0 || (bits != 1 && bits != 2 && bits != 4 && bits != 8 && bits != 16))
        return fail(error, probe::corruptReason("png"));
    h.width = int(w);
    h.height = int(ht);
    h.channels = channelsFor[colorType];
    h.depth = colorType == 3 ? 8 : bits;
    // A tRNS chunk before the image data adds an alpha channel.
    size_t pos = 33;
    while (pos + 8 <= n) {
        const uint32_t len = be32(d + pos);
        if (std::memcmp(d + pos + 4, "IDAT", 4) == 0)
            break;
        if (std::memcmp(d + pos + 4, "tRNS", 4) == 0) {
            h.channels = (h.channels == 1) ? 2 : 4;
            break;
        }
        if (len > n - pos - 8)
            break;
        pos += size_t(len) + 12;
    }
    return true;
}

bool isSofMarker(int m)
{
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

bool probeJpeg(const uint8_t *d, size_t n, ImageHeader &h, std::string &error)
{
    h.format = "jpeg";
    const std::string corrupt = probe::corruptReason("jpeg");
    size_t pos = 2;
    bool haveExif = false;
    while (true) {
        if (pos >= n)
            return fail(error, corrupt);
        if (d[pos] != 0xFF)
            return fail(error, corrupt);
        while (pos < n && d[pos] == 0xFF)
            ++pos;
        if (pos >= n)
            return fail(error, corrupt);
        const int marker = d[pos++];
        if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01)
            continue;
        if (marker == 0xD9 || marker == 0xDA || marker == 0xD8 || pos + 2 > n)
            return fail(error, corrupt);
        const size_t len = be16(d + pos);
        if (len < 2 || len > n - pos)
            return fail(error, corrupt);
        if (marker == 0xE1 && !haveExif) {
            const int o = exifOrientationFromApp1(d + pos + 2, len - 2);
            if (len >= 8 && std::memcmp(d + pos + 2, "Exif", 4) == 0) {
                haveExif = true;
                h.orientation = o;
            }
        }
        if (isSofMarker(marker)) {
            if (len < 8)
                return fail(error, corrupt);
            const int precision = d[pos + 2];
            const int ht = be16(d + pos + 3), w = be16(d + pos + 5), comps = d[pos + 7];
            if (marker == 0xC3 || marker == 0xC7 || marker == 0xCB || marker == 0xCF)
                return fail(error, "lossless JPEG is not supported");
            if (marker == 0xC5 || marker == 0xC6 || marker == 0xCD || marker == 0xCE)
                return fail(error, "hierarchical JPEG is not supported");
            if (precision != 8)
                return fail(error, std::to_string(precision) + "-bit JPEG is not supported");
            if (ht == 0)
                return fail(error, "JPEG without a height in its frame header is not supported");
            if (w == 0 || (comps != 1 && comps != 3 && comps != 4))
                return fail(error, corrupt);
            h.width = w;
            h.height = ht;
            h.channels = comps == 1 ? 1 : 3; // CMYK/YCCK become RGB
            h.depth = 8;
            return true;
        }
        pos += len;
    }
}

bool probeWebp(const uint8_t *d, size_t n, ImageHeader &h, std::string &error)
{
    h.format = "webp";
    const std::string corrupt = probe::corruptReason("webp");
    if (n < 30)
        return fail(error, corrupt);
    const uint8_t *fourcc = d + 12;
    const uint8_t *p = d + 20; // first chunk payload
    h.depth = 8;
    if (std::memcmp(fourcc, "VP8 ", 4) == 0) {
        if (p[3] != 0x9d || p[4] != 0x01 || p[5] != 0x2a)
            return fail(error, corrupt);
        h.width = le16(p + 6) & 0x3fff;
        h.height = le16(p + 8) & 0x3fff;
        h.channels = 3;
    } else if (std::memcmp(fourcc, "VP8L", 4) == 0) {
        if (p[0] != 0x2f)
            return fail(error, corrupt);
        const uint32_t bits = le32(p + 1);
        h.width = int(bits & 0x3fff) + 1;
        h.height = int((bits >> 14) & 0x3fff) + 1;
        h.channels = (bits >> 28) & 1 ? 4 : 3;
    } else if (std::memcmp(fourcc, "VP8X", 4) == 0) {
        const int flags = p[0];
        if (flags & 0x02)
            return fail(error, "animated WebP is not supported");
        h.width = int(le24(p + 4)) + 1;
        h.height = int(le24(p + 7)) + 1;
        h.channels = (flags & 0x10) ? 4 : 3;
    } else {
        return fail(error, corrupt);
    }
    if (h.width <= 0 || h.height <= 0)
        return fail(error, corrupt);
    return true;
}

bool probeTiff(const uint8_t *d, size_t n, ImageHeader &h, std::string &error)
{
    h.format = "tiff";
    TiffIfdInfo info;
    if (!parseTiffIfd0(d, n, info) || !validSize(info.width, info.height))
        return fail(error, probe::corruptReason("tiff"));
    h.width = int(info.width);
    h.height = int(info.height);
    h.depth = info.bitsPerSample;
    h.orientation = info.orientation;
    switch (info.photometric) {
    case 3: h.channels = 3 + (info.samplesPerPixel > 1 ? 1 : 0); h.depth = 8; break; // palette
    case 5: h.channels = info.samplesPerPixel >= 5 ? 4 : 3; break;                   // CMYK
    case 6: h.channels = 3; break;                                                   // YCbCr
    default: h.channels = info.samplesPerPixel < 1 ? 1 : (info.samplesPerPixel > 4 ? 4 : info.samplesPerPixel);
    }
    if (info.sampleFormat == 3)
        h.depth = info.bitsPerSample; // float samples; decoded to 16 bit
    return true;
}

bool probeBmp(const uint8_t *d, size_t n, ImageHeader &h, std::string &error)
{
    h.format = "bmp";
    bmp::Info info;
    if (!bmp::parseHeader(d, n, info, error))
        return false;
    h.width = info.width;
    h.height = info.height;
    h.depth = 8;
    h.channels = info.channels;
    return true;
}

} // namespace

namespace probe {

std::string displayName(const std::string &format)
{
    if (format == "png") return "PNG";
    if (format == "jpeg") return "JPEG";
    if (format == "webp") return "WebP";
    if (format == "tiff") return "TIFF";
    if (format == "bmp") return "BMP";
    return format;
}

std::string corruptReason(const std::string &format)
{
    return "truncated or corrupt " + displayName(format) + " data";
}

std::string pixelLimitReason(const ImageHeader &h, int64_t maxPixels)
{
    const int64_t pixels = int64_t(h.width) * h.height;
    if (maxPixels <= 0 || pixels <= maxPixels)
        return {};
    return "image is " + std::to_string(h.width) + "x" + std::to_string(h.height) + " (" + std::to_string(pixels) +
           " pixels), over the limit of " + std::to_string(maxPixels) + " pixels";
}

} // namespace probe

bool probeImageBuffer(const uint8_t *d, size_t n, ImageHeader &h, std::string &error)
{
    h = ImageHeader{};
    if (!d || n == 0)
        return fail(error, "file is empty");
    if (startsWith(d, n, "\x89PNG\r\n\x1a\n", 8))
        return probePng(d, n, h, error);
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
        return probeJpeg(d, n, h, error);
    if (n >= 12 && startsWith(d, n, "RIFF", 4) && std::memcmp(d + 8, "WEBP", 4) == 0)
        return probeWebp(d, n, h, error);
    if (startsWith(d, n, "II*\0", 4) || startsWith(d, n, "MM\0*", 4) || startsWith(d, n, "II+\0", 4) ||
        startsWith(d, n, "MM\0+", 4))
        return probeTiff(d, n, h, error);
    if (startsWith(d, n, "BM", 2) && n >= 18)
        return probeBmp(d, n, h, error);
    if (startsWith(d, n, "GIF87a", 6) || startsWith(d, n, "GIF89a", 6)) {
        static const char netscape[] = "NETSCAPE2.0";
        const bool animated = std::search(d, d + n, netscape, netscape + 11) != d + n;
        return fail(error, animated ? "animated GIF is not supported" : "GIF is not supported");
    }
    if (startsWith(d, n, "8BPS", 4))
        return fail(error, "Photoshop PSD is not supported");
    if (startsWith(d, n, "%PDF", 4))
        return fail(error, "PDF is not supported");
    if (n >= 12 && std::memcmp(d + 4, "ftyp", 4) == 0) {
        if (std::memcmp(d + 8, "avif", 4) == 0)
            return fail(error, "AVIF is not supported");
        if (std::memcmp(d + 8, "hei", 3) == 0 || std::memcmp(d + 8, "mif1", 4) == 0)
            return fail(error, "HEIC/HEIF is not supported");
    }
    if (startsWith(d, n, "\0\0\0\x0cjP  ", 8) || startsWith(d, n, "\xff\x4f\xff\x51", 4))
        return fail(error, "JPEG 2000 is not supported");
    return fail(error, "not a supported image (unknown format)");
}

bool probeImageHeader(const std::string &path, ImageHeader &header, std::string &error)
{
    constexpr size_t kPrefix = size_t(1) << 20;
    std::vector<uint8_t> bytes;
    if (!readFileBytes(path, bytes, error, kPrefix))
        return false;
    if (probeImageBuffer(bytes.data(), bytes.size(), header, error))
        return true;
    if (bytes.size() < kPrefix)
        return false;
    // The header may lie beyond the prefix (large JPEG APP segments, TIFF IFD at the end).
    if (!readFileBytes(path, bytes, error))
        return false;
    return probeImageBuffer(bytes.data(), bytes.size(), header, error);
}

} // namespace difflens
