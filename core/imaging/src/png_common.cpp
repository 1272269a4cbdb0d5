// libpng handlers and RGBA read transforms shared by the PNG decoders and sink (png_common.h).
#include "png_common.h"

namespace difflens::pngio {

void onError(png_structp png, png_const_charp)
{
    png_longjmp(png, 1);
}

void onWarning(png_structp, png_const_charp)
{
}

void readInfoAsRgba(png_structp png, png_infop info, RgbaLayout *out)
{
    png_set_crc_action(png, PNG_CRC_DEFAULT, PNG_CRC_DEFAULT);
#ifdef PNG_IGNORE_ADLER32
    // Every chunk's CRC-32 (over the compressed bytes) is still checked, and damaged deflate
    // data fails to inflate; zlib's Adler-32 of the inflated bytes was ~12 % of a compare.
    png_set_option(png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
#endif
    png_read_info(png, info);
    png_uint_32 w = 0, h = 0;
    int bitDepth = 0, colorType = 0, interlace = 0;
    png_get_IHDR(png, info, &w, &h, &bitDepth, &colorType, &interlace, nullptr, nullptr);
    const bool hasTrns = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
    png_set_expand(png); // palette -> RGB, grey < 8 bit -> 8 bit, tRNS -> alpha
    if (colorType == PNG_COLOR_TYPE_GRAY || colorType == PNG_COLOR_TYPE_GRAY_ALPHA)
        png_set_gray_to_rgb(png);
    if (!(colorType & PNG_COLOR_MASK_ALPHA) && !hasTrns)
        png_set_add_alpha(png, bitDepth == 16 ? 0xffff : 0xff, PNG_FILLER_AFTER);
    if (bitDepth == 16)
        png_set_swap(png); // PNG stores big-endian samples
    out->passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    out->width = w;
    out->height = h;
    out->depth = bitDepth == 16 ? 16 : 8;
    out->rowBytes = png_get_rowbytes(png, info);
}

} // namespace difflens::pngio
