// The entry point of libdifflens_codecs.so (codecs.h): the table of its TIFF, JPEG and
// WebP codecs. The only symbol the module exports.
#include "codecs.h"
#include "jpeg_reader.h"
#include "jpeg_writer.h"
#include "stream_internal.h"
#include "tiff_reader.h"
#include "webp_reader.h"

extern "C" __attribute__((visibility("default"))) const difflens::codecs::Table *difflens_codecs_table()
{
    static const difflens::codecs::Table table = [] {
        difflens::codecs::Table t;
        t.abi = difflens::codecs::kCodecAbi;
        t.decodeJpeg = difflens::decodeJpegLibjpeg;
        t.decodeTiff = difflens::decodeTiffLibtiff;
        t.decodeWebp = difflens::decodeWebpLibwebp;
        t.encodeJpeg = difflens::encodeJpegLibjpeg;
        t.openJpegRows = difflens::stream::openJpegRows;
        t.openTiffRows = difflens::stream::openTiffRows;
        return t;
    }();
    return &table;
}
