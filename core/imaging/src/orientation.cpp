#include "orientation.h"

#include "cv_bridge.h"

#include <opencv2/core.hpp>

#include <utility>

namespace difflens {

Image applyOrientation(Image &&img, int orientation)
{
    if (orientation < 2 || orientation > 8 || img.isNull())
        return std::move(img);
    const bool swap = orientation >= 5;
    Image out(swap ? img.height() : img.width(), swap ? img.width() : img.height(), img.channels(), img.depth());
    const cv::Mat src = cvb::wrap(img.view());
    cvb::intoImage(out, [&src, orientation](cv::Mat &dst) {
        switch (orientation) {
        case 2: cv::flip(src, dst, 1); break;
        case 3: cv::flip(src, dst, -1); break;
        case 4: cv::flip(src, dst, 0); break;
        case 5: cv::transpose(src, dst); break;
        case 6: cv::rotate(src, dst, cv::ROTATE_90_CLOCKWISE); break;
        case 7:
            cv::transpose(src, dst);
            cv::flip(dst, dst, -1); // in-place flip swaps mirrored pairs, safe on one buffer
            break;
        case 8: cv::rotate(src, dst, cv::ROTATE_90_COUNTERCLOCKWISE); break;
        default: break;
        }
    });
    return out;
}

} // namespace difflens
