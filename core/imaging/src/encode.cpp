#include "difflens/imaging/encode.h"

#include "difflens/imaging/fileio.h"
#include "codecs.h"
#include "png_writer.h"

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
    return codecs::encodeJpeg(img, quality, out, error);
}

bool writeJpeg(const std::string &path, const ImageView &img, int quality, std::string &error)
{
    std::vector<uint8_t> bytes;
    if (!encodeJpeg(img, quality, bytes, error))
        return false;
    return writeFileAtomic(path, bytes.data(), bytes.size(), error);
}

} // namespace difflens
