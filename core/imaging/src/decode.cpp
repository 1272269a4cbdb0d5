#include "difflens/imaging/decode.h"

#include "bmp_header.h"
#include "bmp_reader.h"
#include "difflens/imaging/fileio.h"
#include "codecs.h"
#include "orientation.h"
#include "png_fast.h"
#include "png_reader.h"
#include "probe.h"


#include <new>
#include <vector>

namespace difflens {

namespace {

// Each format has its own reader, all straight into the RGBA result.
bool decodePixels(const uint8_t *data, size_t size, DecodeResult &r)
{
    const ImageHeader &h = r.header;
    r.sourceChannels = h.channels;
    if (h.format == "png") // our fast path, or libpng for what it declines
        return pngfast::decode(data, size, r.image) || decodePngLibpng(data, size, r.image, r.error);
    if (h.format == "jpeg")
        return codecs::decodeJpeg(data, size, r.image, r.error);
    if (h.format == "tiff")
        return codecs::decodeTiff(data, size, h.width, h.height, r.image, r.error);
    if (h.format == "webp")
        return codecs::decodeWebp(data, size, h.width, h.height, r.image, r.error);
    if (h.format == "bmp") {
        bmp::Info info;
        return bmp::parseHeader(data, size, info, r.error) &&
               decodeBmp(data, size, info, r.image, r.sourceChannels, r.error);
    }
    r.error = "not a supported image (unknown format)";
    return false;
}

} // namespace

DecodeResult decodeImageBuffer(const uint8_t *data, size_t size, const DecodeOptions &opt)
{
    DecodeResult r;
    if (!data || size == 0) {
        r.error = "file is empty";
        return r;
    }
    if (!probeImageBuffer(data, size, r.header, r.error))
        return r;
    const std::string limit = probe::pixelLimitReason(r.header, opt.maxPixels);
    if (!limit.empty()) {
        r.error = limit;
        return r;
    }
    if (!probe::checkComplete(r.header, data, size, r.error))
        return r;
    try {
        const bool ok = decodePixels(data, size, r);
        if (!ok) {
            r.image = Image();
            return r;
        }
        if (r.image.width() != r.header.width || r.image.height() != r.header.height) {
            r.image = Image();
            r.error = probe::corruptReason(r.header.format);
            return r;
        }
        r.sourceDepth = r.header.depth > 0 ? r.header.depth : r.image.depth();
        if (opt.applyExifOrientation && (r.header.format == "jpeg" || r.header.format == "tiff"))
            r.image = applyOrientation(std::move(r.image), r.header.orientation);
    } catch (const std::bad_alloc &) {
        r.image = Image();
        r.error = "not enough memory to decode the image";
        return r;
    }
    r.ok = true;
    return r;
}

DecodeResult decodeImageFile(const std::string &path, const DecodeOptions &opt)
{
    DecodeResult r;
    std::vector<uint8_t> bytes;
    if (!readFileBytes(path, bytes, r.error))
        return r;
    return decodeImageBuffer(bytes.data(), bytes.size(), opt);
}

} // namespace difflens
