#include "difflens/imaging/encode.h"

#include "cv_bridge.h"
#include "difflens/imaging/fileio.h"
#include "png_writer.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace difflens {

namespace {

// Indexing / filtering runs on two threads (the target machines have 2+ cores).
constexpr int kDefaultPngThreads = 2;

} // namespace

bool encodePng(const ImageView &img, std::vector<uint8_t> &out, std::string &error, const PngEncodeOptions &opt)
{
    png::WriterConfig cfg;
    cfg.level = std::clamp(opt.level, 1, 12);
    cfg.threads = opt.threads > 0 ? opt.threads : kDefaultPngThreads;
    cfg.allowPalette = opt.allowPalette;
    return png::encode(img, out, error, cfg);
}

bool writePng(const std::string &path, const ImageView &img, std::string &error, const PngEncodeOptions &opt)
{
    std::vector<uint8_t> bytes;
    if (!encodePng(img, bytes, error, opt))
        return false;
    return writeFileAtomic(path, bytes.data(), bytes.size(), error);
}

bool encodeJpeg(const ImageView &img, int quality, std::vector<uint8_t> &out, std::string &error)
{
    out.clear();
    if (!img.valid() || (img.channels != 1 && img.channels != 3 && img.channels != 4) ||
        (img.depth != 8 && img.depth != 16)) {
        error = "cannot encode JPEG: expected 1, 3 or 4 channels at 8 or 16 bits";
        return false;
    }
    try {
        cv::Mat src = cvb::wrap(img);
        if (img.depth == 16)
            src.convertTo(src, CV_8U, 1.0 / 257.0);
        cv::Mat bgr;
        if (img.channels == 3)
            cv::cvtColor(src, bgr, cv::COLOR_RGB2BGR);
        else if (img.channels == 4)
            cv::cvtColor(src, bgr, cv::COLOR_RGBA2BGR);
        else
            bgr = src;
        const std::vector<int> params = {cv::IMWRITE_JPEG_QUALITY, std::clamp(quality, 1, 100)};
        if (!cv::imencode(".jpg", bgr, out, params)) {
            error = "cannot encode JPEG";
            return false;
        }
    } catch (const cv::Exception &e) {
        out.clear();
        error = std::string("cannot encode JPEG: ") + e.what();
        return false;
    }
    return true;
}

bool writeJpeg(const std::string &path, const ImageView &img, int quality, std::string &error)
{
    std::vector<uint8_t> bytes;
    if (!encodeJpeg(img, quality, bytes, error))
        return false;
    return writeFileAtomic(path, bytes.data(), bytes.size(), error);
}

} // namespace difflens
