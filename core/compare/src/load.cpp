// loadImageFile/probeImageFile (load.h) on difflens/imaging's decoder and header probe.
#include "difflens/compare/load.h"

#include "difflens/imaging/decode.h"

#include <utility>

namespace difflens {

namespace {
ImageFileSize sizeOf(const ImageHeader &h)
{
    ImageFileSize s;
    if (h.width > 0 && h.height > 0) {
        s.width = h.orientedWidth();
        s.height = h.orientedHeight();
        s.depth = h.depth;
        s.format = h.format;
    }
    return s;
}
} // namespace

LoadedImage loadImageFile(const std::string &path, int64_t maxPixels)
{
    DecodeOptions opt;
    opt.maxPixels = maxPixels;
    DecodeResult d = decodeImageFile(path, opt);
    LoadedImage out;
    out.header = sizeOf(d.header);
    if (!d.ok) {
        out.error = d.error.empty() ? std::string("cannot read the image") : std::move(d.error);
        return out;
    }
    out.ok = true;
    out.info.path = path;
    out.info.width = d.image.width();
    out.info.height = d.image.height();
    out.info.channels = d.sourceChannels;
    out.info.depth = d.sourceDepth;
    out.image = std::move(d.image);
    return out;
}

bool probeImageFile(const std::string &path, ImageFileSize &size, std::string &error)
{
    ImageHeader h;
    if (!probeImageHeader(path, h, error))
        return false;
    size = sizeOf(h);
    return true;
}

} // namespace difflens
