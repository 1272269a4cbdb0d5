// Streaming JPEG decoder: libjpeg scanlines from the file (RGBA, CMYK converted by
// jpeg_common.h as the whole-image decoder does). A progressive or multi-scan file's
// coefficient buffer, which libjpeg holds for the whole frame, is counted in workingBytes().
#include "jpeg_common.h"
#include "probe.h"
#include "stream_internal.h"

#include <algorithm>
#include <cerrno>
#include <csetjmp>

namespace difflens::stream {

namespace {

const char *const kCorrupt = "truncated or corrupt JPEG data";

using jpeg::ErrorManager;
using jpeg::cmykToRgba;

struct State {
    jpeg_decompress_struct cinfo;
    ErrorManager err;
    bool created = false;
    bool cmyk = false;
    int64_t working = 0;
};

// Only caller-owned objects and trivially destructible locals live across setjmp.
bool setup(State *s, FILE *file)
{
    if (setjmp(s->err.jump))
        return false;
    jpeg_create_decompress(&s->cinfo);
    s->created = true;
    jpeg_stdio_src(&s->cinfo, file);
    jpeg_read_header(&s->cinfo, TRUE);
    s->cmyk = s->cinfo.num_components == 4;
    s->cinfo.out_color_space = s->cmyk ? JCS_CMYK : JCS_EXT_RGBA;
    // Sample buffers (context rows for fancy upsampling) per component, and for a file of
    // several scans the whole-frame coefficient arrays.
    const bool wholeFrame = jpeg_has_multiple_scans(&s->cinfo);
    int64_t bytes = 64 * 1024;
    for (int c = 0; c < s->cinfo.num_components; ++c) {
        const jpeg_component_info &ci = s->cinfo.comp_info[c];
        const int64_t wBlocks = (int64_t(ci.width_in_blocks) + ci.h_samp_factor - 1) / ci.h_samp_factor * ci.h_samp_factor;
        const int64_t hBlocks = (int64_t(ci.height_in_blocks) + ci.v_samp_factor - 1) / ci.v_samp_factor * ci.v_samp_factor;
        bytes += wBlocks * 8 * ci.v_samp_factor * 8 * 3;
        if (wholeFrame)
            bytes += wBlocks * hBlocks * int64_t(sizeof(JBLOCK));
    }
    bytes += int64_t(s->cinfo.image_width) * 4 * s->cinfo.max_v_samp_factor;
    s->working = bytes;
    jpeg_start_decompress(&s->cinfo);
    return true;
}

bool readScanlines(State *s, uint8_t *dst, size_t stride, int count, int *rows, uint8_t *cmykRow)
{
    if (setjmp(s->err.jump))
        return false;
    for (int i = 0; i < count; ++i) {
        uint8_t *out = dst + size_t(i) * stride;
        JSAMPROW row = s->cmyk ? cmykRow : out;
        if (jpeg_read_scanlines(&s->cinfo, &row, 1) != 1)
            return false;
        if (s->cmyk)
            cmykToRgba(cmykRow, out, int(s->cinfo.output_width), s->cinfo.saw_Adobe_marker);
        if (*rows + 1 == int(s->cinfo.output_height))
            jpeg_finish_decompress(&s->cinfo);
        ++*rows;
    }
    return true;
}

class JpegRows final : public BasicRowSource {
public:
    explicit JpegRows(FILE *file) : BasicRowSource(0, 0, 8), m_file(file)
    {
        jpeg::installErrorManager(m_state.cinfo, m_state.err);
    }
    ~JpegRows() override
    {
        if (m_state.created)
            jpeg_destroy_decompress(&m_state.cinfo);
        std::fclose(m_file);
    }

    bool init(const ImageHeader &header, std::string &error)
    {
        error = kCorrupt;
        if (!setup(&m_state, m_file))
            return false;
        if (m_state.cinfo.output_components != 4 || int64_t(m_state.cinfo.output_width) != header.width ||
            int64_t(m_state.cinfo.output_height) != header.height)
            return false;
        m_width = int(m_state.cinfo.output_width);
        m_height = int(m_state.cinfo.output_height);
        if (m_state.cmyk)
            m_cmykRow.resize(rowBytes());
        error.clear();
        return true;
    }

    int64_t workingBytes() const override { return m_state.working + int64_t(m_cmykRow.size()); }

protected:
    bool readImpl(uint8_t *dst, size_t stride, int count) override
    {
        if (!readScanlines(&m_state, dst, stride, count, &m_rows, m_cmykRow.data()))
            return failAt(kCorrupt, m_rows);
        return true;
    }

private:
    FILE *m_file;
    State m_state;
    std::vector<uint8_t> m_cmykRow;
};

} // namespace

bool openJpegRows(const std::string &path, OpenedImage &out, std::string &error)
{
    {
        Fd fd;
        int64_t size = 0;
        if (!openForReading(path, fd, size, error))
            return false;
        // The container check of decodeImageFile, on the file.
        FileWindow window(fd.get(), size);
        if (!probe::jpegComplete([&window](int64_t pos) { return window.at(pos); }, size)) {
            error = kCorrupt;
            return false;
        }
    }
    FILE *file = openStdio(path, error);
    if (!file)
        return false;
    auto rows = std::make_unique<JpegRows>(file);
    if (!rows->init(out.header, error))
        return false;
    out.route = "rows";
    out.rows = std::move(rows);
    return true;
}

} // namespace difflens::stream
