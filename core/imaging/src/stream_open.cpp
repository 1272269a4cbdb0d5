// openImageRows: probes the header, enforces the pixel limit, then picks the route per
// format (rows, temp-file, or the whole frame through decodeImageFile).
#include "difflens/imaging/stream.h"

#include "codecs.h"
#include "probe.h"
#include "stream_internal.h"

namespace difflens {

namespace {

std::string mib(int64_t bytes)
{
    return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MiB";
}

bool openWholeFrame(const std::string &path, const DecodeOptions &opt, OpenedImage &out, std::string &error)
{
    const ImageHeader &h = out.header;
    const int64_t frameBytes = int64_t(h.width) * h.height * 4 * (h.depth > 8 ? 2 : 1);
    if (opt.wholeFrameByteLimit > 0 && frameBytes > opt.wholeFrameByteLimit) {
        error = "not enough memory: this " + probe::displayName(h.format) + " image is decoded whole (" +
                mib(frameBytes) + ") and only " + mib(opt.wholeFrameByteLimit) +
                " of the memory budget is left for it; raise --memory-budget or convert it to PNG";
        return false;
    }
    DecodeResult r = decodeImageFile(path, opt);
    if (!r.ok) {
        error = r.error;
        return false;
    }
    out.header = r.header;
    out.sourceChannels = r.sourceChannels;
    out.sourceDepth = r.sourceDepth;
    out.rows = stream::wholeFrameRows(std::move(r.image));
    out.route = "whole-frame";
    return true;
}

} // namespace

bool openImageRows(const std::string &path, const DecodeOptions &opt, OpenedImage &out, std::string &error)
{
    out = OpenedImage{};
    if (!probeImageHeader(path, out.header, error))
        return false;
    const std::string limit = probe::pixelLimitReason(out.header, opt.maxPixels);
    if (!limit.empty()) {
        error = limit;
        return false;
    }
    const ImageHeader &h = out.header;
    out.sourceChannels = h.channels;
    // A rotation or mirror needs the whole frame.
    const bool asStored = !opt.applyExifOrientation || h.orientation < 2 || h.orientation > 8;
    bool ok = false;
    if (h.format == "png") {
        ok = stream::openPngRows(path, opt.wholeFrameByteLimit, out, error);
    } else if (h.format == "jpeg" && asStored) {
        ok = codecs::openJpegRows(path, out, error);
    } else if (h.format == "bmp" || (h.format == "tiff" && asStored)) {
        error.clear();
        ok = h.format == "bmp" ? stream::openBmpRows(path, out, error) : codecs::openTiffRows(path, out, error);
        if (!ok && error.empty())
            return openWholeFrame(path, opt, out, error); // a layout read whole
    } else {
        return openWholeFrame(path, opt, out, error);
    }
    if (!ok) {
        out.rows.reset();
        return false;
    }
    out.sourceDepth = h.depth > 0 ? h.depth : out.rows->depth();
    return true;
}

} // namespace difflens
