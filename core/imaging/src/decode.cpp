#include "difflens/imaging/decode.h"

#include "cv_bridge.h"
#include "difflens/imaging/fileio.h"
#include "orientation.h"
#include "jpeg_reader.h"
#include "png_reader.h"
#include "probe.h"
#include "tiff_direct.h"

#include <opencv2/core.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <mutex>
#include <new>
#include <vector>

namespace difflens {

namespace {

// OpenCV reports codec trouble through its logger (and, for TIFF, libtiff handlers routed
// to it). We give our own reasons, so its logging is silenced once per process.
void silenceOpenCv()
{
    static std::once_flag once;
    std::call_once(once, [] { cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT); });
}

// Brings float or signed samples to 16-bit unsigned (floats are taken as 0..1).
bool normaliseDepth(cv::Mat &m, std::string &error)
{
    switch (m.depth()) {
    case CV_8U:
    case CV_16U: return true;
    case CV_32F:
    case CV_64F: m.convertTo(m, CV_16U, 65535.0); return true;
    case CV_8S: m.convertTo(m, CV_8U, 1.0, 128.0); return true;
    case CV_16S: m.convertTo(m, CV_16U, 1.0, 32768.0); return true;
    default: error = "unsupported sample format"; return false;
    }
}

// Converts OpenCV's BGR / BGRA / grey output to RGBA written straight into `out`.
bool toRgba(const cv::Mat &src, Image &out, std::string &error)
{
    int code = -1;
    switch (src.channels()) {
    case 1: code = cv::COLOR_GRAY2RGBA; break;
    case 3: code = cv::COLOR_BGR2RGBA; break;
    case 4: code = cv::COLOR_BGRA2RGBA; break;
    default: error = "unsupported channel count"; return false;
    }
    out = Image(src.cols, src.rows, 4, src.depth() == CV_16U ? 16 : 8);
    cvb::intoImage(out, [&src, code](cv::Mat &dst) { cv::cvtColor(src, dst, code); });
    return true;
}

bool decodeWithOpenCv(const uint8_t *data, size_t size, const ImageHeader &header, DecodeResult &r)
{
    silenceOpenCv();
    cv::Mat decoded;
    try {
        const cv::Mat buffer(1, int(size), CV_8U, const_cast<uint8_t *>(data)); // read only
        decoded = cv::imdecode(buffer, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception &) {
        decoded.release();
    }
    if (decoded.empty()) {
        r.error = probe::corruptReason(header.format);
        return false;
    }
    if (!normaliseDepth(decoded, r.error))
        return false;
    if (!toRgba(decoded, r.image, r.error))
        return false;
    // The header knows grey+alpha / palette details the decoded Mat has lost.
    r.sourceChannels = header.channels > 0 ? header.channels : decoded.channels();
    if (header.format == "bmp" && decoded.channels() == 1)
        r.sourceChannels = 1; // grey palette
    return true;
}

// PNG: libpng and JPEG: libjpeg, both straight into RGBA. TIFF: libtiff for grey/RGB(A),
// OpenCV for the rest. WebP and BMP: OpenCV.
bool decodePixels(const uint8_t *data, size_t size, DecodeResult &r)
{
    if (r.header.format == "png") {
        r.sourceChannels = r.header.channels;
        return decodePngLibpng(data, size, r.image, r.error);
    }
    if (r.header.format == "jpeg") {
        r.sourceChannels = r.header.channels;
        return decodeJpegLibjpeg(data, size, r.image, r.error);
    }
    if (r.header.format == "tiff") {
        r.sourceChannels = r.header.channels;
        const TiffDirect direct = decodeTiffDirect(data, size, r.image, r.error);
        if (direct != TiffDirect::NotHandled)
            return direct == TiffDirect::Decoded;
    }
    return decodeWithOpenCv(data, size, r.header, r);
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
    } catch (const cv::Exception &) {
        r.image = Image();
        r.error = probe::corruptReason(r.header.format);
        return r;
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
