#include "help.h"

#include "difflens/compare/version.h"

namespace difflens::cli {

std::string versionText()
{
    return std::string("difflens-cli ") + versionString() + "\n";
}

std::string mainUsage()
{
    return "Usage: difflens-cli <command> [options]\n"
           "\n"
           "Commands:\n"
           "  compare A B [options]   compare two images (see difflens-cli compare --help)\n"
           "  compare DIR [--layout L]  review a test runner's output: Playwright test-results,\n"
           "                          jest __image_snapshots__, BackstopJS (docs/review.md)\n"
           "  report SESSION.json -o REPORT.pdf|--html DIR   PDF or HTML report (see\n"
           "                          difflens-cli report --help)\n"
           "  serve                   compare requests from stdin, one JSON line each (see\n"
           "                          difflens-cli serve --help)\n"
           "  git-diff ...            git's external diff for images (see difflens-cli git-diff\n"
           "                          --help and docs/git.md)\n"
           "\n"
           "Options:\n"
           "  -h, --help              show this help\n"
           "  --version               show the version\n"
           "\n"
           "Exit codes: 0 no difference beyond the threshold, 1 different (pixels or layout),\n"
           "2 error (bad input or bad arguments).\n";
}

std::string compareUsage()
{
    return "Usage: difflens-cli compare A B [options]\n"
           "\n"
           "Compares image B against image A (PNG, JPEG, WebP, TIFF, BMP; 8 or 16 bit).\n"
           "\n"
           "Comparison:\n"
           "  --threshold T           colour difference threshold 0..1 (default 0.1)\n"
           "  --include-aa            count anti-aliased pixels as differences\n"
           "  --shift N               tolerate content moved by up to N pixels, 0..8 (default 0)\n"
           "  --align                 find the offset between A and B (phase correlation) and compare\n"
           "                          B(x,y) with A(x+dx,y+dy) over the overlap (confidence >= 0.5)\n"
           "  --ignore x1:y1-x2:y2    ignore a region, corners inclusive (repeatable)\n"
           "  --sidecar PATH          read ignore regions from this sidecar file\n"
           "  --no-sidecar            do not read <B>.difflens.json / <A>.difflens.json\n"
           "  --fail-on-layout        stop when the sizes differ (exit 1) without comparing pixels\n"
           "  --metrics LIST          pixel,ssim,flip (default pixel)\n"
           "  --flip-ppd P            FLIP viewing distance in pixels per degree (default 67)\n"
           "  --flip-map PATH         write the per-pixel FLIP error map (PNG, magma; computes FLIP)\n"
           "  --flip-map-grey         write the FLIP map as 8-bit grey, round(error * 255)\n"
           "  --region-dilation N     merge differences closer than N pixels into one region (default 2)\n"
           "  --max-pixels N          refuse images with more pixels (default 4294967296)\n"
           "\n"
           "Diff image:\n"
           "  --diff-image PATH       write the diff image (PNG)\n"
           "  --diff-mask             draw differences only, on a transparent background\n"
           "  --alpha A               opacity of the faded original 0..1 (default 0.1)\n"
           "  --aa-color R,G,B        colour of anti-aliased pixels (default 255,255,0)\n"
           "  --diff-color R,G,B      colour of differing pixels (default 255,0,0)\n"
           "  --diff-color-alt R,G,B  colour of pixels that got darker (default: --diff-color)\n"
           "  --shift-color R,G,B     colour of shift-tolerated pixels (default 0,128,255)\n"
           "\n"
           "Pipeline:\n"
           "  --device auto|cpu|cuda  where to compute (default auto)\n"
           "  --memory-budget SIZE    memory budget such as 512M or 2G (default: free memory)\n"
           "  --tier auto|high|medium tier (default auto); results are always exact\n"
           "  --warning-threshold R   memory ratio (used/total) above which memory status is\n"
           "                          warning, 0 < R <= 1 (default 0.8)\n"
           "  --critical-threshold R  memory ratio above which memory status is critical, above\n"
           "                          the warning threshold, 0 < R <= 1 (default 0.9)\n"
           "  -v, --verbose           print the job's plan lines (memory ratio, status) on stderr\n"
           "\n"
           "Output:\n"
           "  --json PATH|-           write the result as JSON to PATH or stdout (-)\n"
           "  --pdf PATH              write a PDF report (options: difflens-cli report --help)\n"
           "  --html DIR              write an HTML report: DIR/index.html and its images\n"
           "  -q, --quiet             print no summary\n"
           "  -h, --help              show this help\n"
           "  --version               show the version\n"
           "\n"
           "Exit codes: 0 no difference beyond the threshold, 1 different (pixels or layout),\n"
           "2 error. Errors are printed as one line: difflens-cli: error: <file>: <reason>\n";
}

} // namespace difflens::cli
