// Benchmark: SSIM of a 3840x2160 screenshot-like RGB pair with ssimCpu versus the classic
// OpenCV float implementation (GaussianBlur 11x11, sigma 1.5, of I1, I2, I1^2, I2^2, I1*I2,
// then the formula), measured in the same run. Both means use the skimage crop (5 px).
//
// Usage: bench_ssim [runs=7] [width=3840] [height=2160] [threads=0]
#include "difflens/engine/parallel.h"
#include "difflens/engine/ssim.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

using namespace difflens;

namespace {

struct Lcg {
    uint32_t s;
    uint32_t next() { return s = s * 1664525u + 1013904223u; }
    int below(int n) { return int((next() >> 8) % uint32_t(n)); }
};

// Light UI background, toolbar, text lines of small glyphs, a photo-like gradient panel.
Image makeScreenshot(int w, int h, uint32_t seed)
{
    Image img(w, h, 4, 8);
    Lcg rng{seed};
    auto px = [&img](int x, int y) { return img.data() + (size_t(y) * size_t(img.width()) + size_t(x)) * 4; };
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            uint8_t *p = px(x, y);
            const bool bar = y < 64;
            p[0] = bar ? 45 : 246;
            p[1] = bar ? 52 : 247;
            p[2] = bar ? 64 : 249;
            p[3] = 255;
        }
    const int panelX = w * 3 / 5, panelY = h / 5;
    for (int y = panelY; y < h * 4 / 5; ++y)
        for (int x = panelX; x < w - 40; ++x) {
            uint8_t *p = px(x, y);
            const int n = rng.below(7);
            p[0] = uint8_t(std::min(255, (x - panelX) * 255 / (w - panelX) + n));
            p[1] = uint8_t(std::min(255, (y - panelY) * 200 / h + 30 + n));
            p[2] = uint8_t(std::min(255, 120 + n * 3));
        }
    for (int row = 90; row + 16 < h; row += 26)
        for (int x = 40; x + 10 < panelX - 40;) {
            const int gw = 5 + rng.below(5);
            for (int gy = 0; gy < 14; ++gy)
                for (int gx = 0; gx < gw; ++gx)
                    if (rng.below(100) < 30) {
                        uint8_t *p = px(x + gx, row + gy);
                        p[0] = p[1] = p[2] = uint8_t(20 + rng.below(40));
                    }
            x += gw + 2 + (rng.below(8) == 0 ? 10 : 0);
        }
    return img;
}

// Second frame: a few text lines shifted by one pixel, a recoloured button, sensor-like noise
// in the photo panel.
Image makeVariant(const Image &a, uint32_t seed)
{
    Image b = a;
    Lcg rng{seed};
    const int w = b.width(), h = b.height();
    for (int y = h / 2; y < h / 2 + 200; ++y) {
        uint8_t *r = b.row(y);
        std::copy_backward(r, r + size_t(w - 1) * 4, r + size_t(w) * 4);
    }
    for (int y = 20; y < 50; ++y)
        for (int x = w - 300; x < w - 100; ++x)
            b.row(y)[size_t(x) * 4 + 2] = 200;
    for (int y = h / 5; y < h * 4 / 5; ++y)
        for (int x = w * 3 / 5; x < w - 40; ++x)
            for (int c = 0; c < 3; ++c) {
                uint8_t &v = b.row(y)[size_t(x) * 4 + size_t(c)];
                v = uint8_t(std::clamp(int(v) + rng.below(9) - 4, 0, 255));
            }
    return b;
}

cv::Mat toRgbMat(const Image &img)
{
    cv::Mat rgba(img.height(), img.width(), CV_8UC4, const_cast<uint8_t *>(img.data()), img.stride());
    cv::Mat rgb;
    cv::cvtColor(rgba, rgb, cv::COLOR_RGBA2RGB);
    return rgb;
}

// Classic OpenCV SSIM on float images; mean over the 5-pixel-cropped map, per channel.
// Buffers persist between calls so the baseline does not pay for fresh page faults.
struct OpenCvSsim {
    cv::Mat a, b, a2, b2, ab, mu1, mu2, s1, s2, s12, t1, t2, t3, map;

    double run(const cv::Mat &i1, const cv::Mat &i2)
    {
        const double c1 = 6.5025, c2 = 58.5225;
        i1.convertTo(a, CV_32F);
        i2.convertTo(b, CV_32F);
        cv::multiply(a, a, a2);
        cv::multiply(b, b, b2);
        cv::multiply(a, b, ab);
        const cv::Size k(11, 11);
        cv::GaussianBlur(a, mu1, k, 1.5);
        cv::GaussianBlur(b, mu2, k, 1.5);
        cv::GaussianBlur(a2, s1, k, 1.5);
        cv::GaussianBlur(b2, s2, k, 1.5);
        cv::GaussianBlur(ab, s12, k, 1.5);
        // t1 = mu1*mu2, t2 = mu1^2, t3 = mu2^2
        cv::multiply(mu1, mu2, t1);
        cv::multiply(mu1, mu1, t2);
        cv::multiply(mu2, mu2, t3);
        cv::subtract(s1, t2, s1);
        cv::subtract(s2, t3, s2);
        cv::subtract(s12, t1, s12);
        const cv::Scalar c1s = cv::Scalar::all(c1), c2s = cv::Scalar::all(c2);
        // numerator (2 mu1mu2 + C1)(2 s12 + C2) into t1; denominator (mu1^2+mu2^2+C1)(s1+s2+C2) into t2
        cv::addWeighted(t1, 2.0, t1, 0.0, c1, t1);
        cv::addWeighted(s12, 2.0, s12, 0.0, c2, s12);
        cv::multiply(t1, s12, t1);
        cv::add(t2, t3, t2);
        cv::add(t2, c1s, t2);
        cv::add(s1, s2, s1);
        cv::add(s1, c2s, s1);
        cv::multiply(t2, s1, t2);
        cv::divide(t1, t2, map);
        const cv::Scalar m = cv::mean(map(cv::Rect(5, 5, map.cols - 10, map.rows - 10)));
        return (m[0] + m[1] + m[2]) / 3.0;
    }
};

double medianMs(int runs, const std::function<void()> &fn)
{
    fn(); // warm-up
    std::vector<double> t;
    for (int i = 0; i < runs; ++i) {
        const auto s = std::chrono::steady_clock::now();
        fn();
        t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    const int runs = std::max(5, argc > 1 ? std::atoi(argv[1]) : 7);
    const int w = argc > 2 ? std::atoi(argv[2]) : 3840;
    const int h = argc > 3 ? std::atoi(argv[3]) : 2160;
    const int threads = argc > 4 ? std::atoi(argv[4]) : 0;
    if (w < 16 || h < 16) {
        std::fprintf(stderr, "size too small\n");
        return 1;
    }
    const Image a = makeScreenshot(w, h, 1);
    const Image b = makeVariant(a, 2);
    const cv::Mat ca = toRgbMat(a), cb = toRgbMat(b);

    SsimOptions opt; // RGB, map wanted (what the GUI asks for)
    SsimResult ours;
    const double oursMs = medianMs(runs, [&ours, &a, &b, &opt, threads] { ours = ssimCpu(a.view(), b.view(), opt, threads); });
    SsimOptions noMap = opt;
    noMap.wantMap = false;
    const double oursNoMapMs = medianMs(runs, [&a, &b, &noMap, threads] { ssimCpu(a.view(), b.view(), noMap, threads); });
    double cvMean = 0;
    OpenCvSsim cvSsim;
    const double cvMs = medianMs(runs, [&cvMean, &cvSsim, &ca, &cb] { cvMean = cvSsim.run(ca, cb); });

    std::printf("SSIM %dx%d RGB, median of %d runs (engine threads %d, OpenCV threads %d)\n", w, h, runs,
                threads > 0 ? threads : defaultThreadCount(), cv::getNumThreads());
    std::printf("  difflens ssimCpu (map)    %9.1f ms   mean %.8f\n", oursMs, ours.mean);
    std::printf("  difflens ssimCpu (no map) %9.1f ms\n", oursNoMapMs);
    std::printf("  OpenCV float GaussianBlur %9.1f ms   mean %.8f\n", cvMs, cvMean);
    std::printf("  ratio difflens/OpenCV     %9.3f       |mean diff| %.2e\n", oursMs / cvMs,
                std::abs(ours.mean - cvMean));
    return 0;
}
