#pragma once
// Internal: zero-copy bridge between difflens images and cv::Mat.
//
// A cv::Mat can be a plain header over memory it does not own:
//     cv::Mat(rows, cols, type, pointer, stepInBytes)
// Nothing is copied and the Mat never frees that memory. We use this in two directions:
//
//  * Sources: an ImageView is wrapped read-only (the const_cast is only for the Mat
//    constructor; OpenCV functions never write to their input arrays).
//  * Destinations: the output difflens::Image is allocated first at its final size and
//    type, wrapped, and passed as the `dst` of cvtColor / flip / rotate / resize. OpenCV's
//    OutputArray::create() keeps an existing buffer whose size and type already match, so
//    the kernel writes straight into our Image: no temporary Mat, no copy-back.
//    intoImage() checks that the data pointer did not move (it would if the size or type
//    were wrong) and copies as a fallback, so a mismatch costs time, never correctness.
//
// Only opencv_core / opencv_imgproc are used (resize, cvtColor, flip, rotate); file codecs
// are read and written with their own libraries.
#include "difflens/engine/image.h"

#include <opencv2/core.hpp>

namespace difflens::cvb {

inline int cvDepth(int depth)
{
    return depth == 16 ? CV_16U : CV_8U;
}

inline cv::Mat wrap(const ImageView &v)
{
    return cv::Mat(v.height, v.width, CV_MAKETYPE(cvDepth(v.depth), v.channels), const_cast<uint8_t *>(v.data),
                   v.stride);
}

inline cv::Mat wrap(Image &img)
{
    return cv::Mat(img.height(), img.width(), CV_MAKETYPE(cvDepth(img.depth()), img.channels()), img.data(),
                   img.stride());
}

// Runs op(dst) with dst wrapping `img`; if OpenCV reallocated dst, copies the result back.
template <typename Op>
void intoImage(Image &img, Op op)
{
    cv::Mat dst = wrap(img);
    const uint8_t *before = dst.data;
    op(dst);
    if (dst.data != before) {
        cv::Mat target = wrap(img);
        dst.copyTo(target);
    }
}

} // namespace difflens::cvb
