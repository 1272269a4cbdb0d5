#pragma once
// Internal: the TIFF, JPEG and WebP codecs are built as a module of their own
// (libdifflens_codecs.so, codecs_entry.cpp) that is loaded the first time such a file is
// read or written (codecs_load.cpp), so a PNG or BMP compare never loads libtiff, libjpeg,
// libwebp and what they pull in (libLerc, libzstd, liblzma, libjbig): about 0.7 ms of
// process start. Both sides are built from this tree; kCodecAbi guards against a module
// of another build. These functions behave as the module's codecs do; when the module
// cannot be loaded they fail with a reason that names it.
#include "difflens/engine/image.h"
#include "difflens/imaging/stream.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace difflens::codecs {

constexpr int kCodecAbi = 1;
constexpr const char *kModuleName = "libdifflens_codecs.so";
constexpr const char *kEntryName = "difflens_codecs_table";

struct Table {
    int abi = 0;
    bool (*decodeJpeg)(const uint8_t *data, size_t size, Image &out, std::string &error) = nullptr;
    bool (*decodeTiff)(const uint8_t *data, size_t size, int expectedWidth, int expectedHeight, Image &out,
                       std::string &error) = nullptr;
    bool (*decodeWebp)(const uint8_t *data, size_t size, int expectedWidth, int expectedHeight, Image &out,
                       std::string &error) = nullptr;
    bool (*encodeJpeg)(const ImageView &img, int quality, std::vector<uint8_t> &out, std::string &error) = nullptr;
    bool (*openJpegRows)(const std::string &path, OpenedImage &out, std::string &error) = nullptr;
    bool (*openTiffRows)(const std::string &path, OpenedImage &out, std::string &error) = nullptr;
};

// decode.h / encode.h / stream.h's codecs for these formats, through the module.
bool decodeJpeg(const uint8_t *data, size_t size, Image &out, std::string &error);
bool decodeTiff(const uint8_t *data, size_t size, int expectedWidth, int expectedHeight, Image &out,
                std::string &error);
bool decodeWebp(const uint8_t *data, size_t size, int expectedWidth, int expectedHeight, Image &out,
                std::string &error);
bool encodeJpeg(const ImageView &img, int quality, std::vector<uint8_t> &out, std::string &error);
bool openJpegRows(const std::string &path, OpenedImage &out, std::string &error);
bool openTiffRows(const std::string &path, OpenedImage &out, std::string &error);

} // namespace difflens::codecs
