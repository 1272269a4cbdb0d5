// PNG row sink: libpng writes rows as they come into a temporary file next to the
// destination (fileio::TempFile, as writeFileAtomic's); finish() renames it over (no fsync, as writePng)
// the destination, and a sink destroyed unfinished removes it. Truecolour / grey rows or,
// with a palette, indexed rows (one byte per pixel). The rows are compressed on a writer
// thread while the caller goes on (a comparison's diff image no longer waits for zlib):
// writeRows copies them into one of two chunks of at most 256 KiB, and a failure of the
// writer is reported by the next writeRows or by finish, with the same reason.
#include "png_common.h"
#include "stream_internal.h"

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <csetjmp>
#include <cstring>
#include <mutex>
#include <system_error>
#include <thread>

#include <unistd.h>

namespace difflens {

namespace {

constexpr size_t kOutBuffer = 256 * 1024;

// The destination of libpng's output: a buffer flushed to the file descriptor.
struct Output {
    int fd = -1;
    uint8_t *buf = nullptr;
    size_t used = 0;
    int err = 0; // errno of the first failed write

    bool flush()
    {
        for (size_t done = 0; err == 0 && done < used;) {
            const ssize_t n = ::write(fd, buf + done, used - done);
            if (n > 0)
                done += size_t(n);
            else if (n == 0)
                err = EIO;
            else if (errno != EINTR)
                err = errno;
        }
        used = 0;
        return err == 0;
    }
};

void writeData(png_structp png, png_bytep data, png_size_t n)
{
    auto *out = static_cast<Output *>(png_get_io_ptr(png));
    while (n > 0) {
        if (out->used == kOutBuffer && !out->flush())
            png_error(png, "write failed");
        const size_t take = std::min(n, kOutBuffer - out->used);
        std::memcpy(out->buf + out->used, data, take);
        out->used += take;
        data += take;
        n -= take;
    }
}

void flushData(png_structp)
{
}

struct Setup {
    png_uint_32 width, height;
    int colorType, depth, level;
    const png_color *plte; // indexed colour: PLTE and tRNS
    const png_byte *trns;
    int plteCount, trnsCount;
};

// Only trivially destructible locals live across setjmp in these helpers.
bool startWriting(png_structp png, png_infop info, Output *out, const Setup *s)
{
    if (setjmp(png_jmpbuf(png)))
        return false;
    png_set_write_fn(png, out, writeData, flushData);
    png_set_IHDR(png, info, s->width, s->height, s->depth, s->colorType, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (s->plteCount > 0) {
        png_set_PLTE(png, info, s->plte, s->plteCount);
        if (s->trnsCount > 0)
            png_set_tRNS(png, info, s->trns, s->trnsCount, nullptr);
    }
    png_set_compression_level(png, s->level);
    // Indexed rows are not filtered (the PNG specification's advice; Sub measured no
    // smaller on diff images); truecolour and grey rows use Sub.
    png_set_filter(png, PNG_FILTER_TYPE_BASE, s->plteCount > 0 ? PNG_FILTER_NONE : PNG_FILTER_SUB);
    png_write_info(png, info);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (s->depth == 16)
        png_set_swap(png); // our rows hold native-endian samples; PNG stores big-endian
#endif
    return true;
}

bool writeRowsGuarded(png_structp png, const uint8_t *rows, size_t stride, int count)
{
    if (setjmp(png_jmpbuf(png)))
        return false;
    for (int i = 0; i < count; ++i)
        png_write_row(png, const_cast<png_bytep>(rows + size_t(i) * stride));
    return true;
}

bool writeEndGuarded(png_structp png)
{
    if (setjmp(png_jmpbuf(png)))
        return false;
    png_write_end(png, nullptr);
    return true;
}

class PngRowSink final : public RowSink {
public:
    explicit PngRowSink(const PngSinkOptions &opt) : m_opt(opt), m_buf(kOutBuffer)
    {
        m_out.buf = m_buf.data();
        m_rowBytes = indexed() ? size_t(opt.width)
                               : size_t(opt.width) * size_t(opt.channels) * size_t(opt.depth / 8);
        m_chunkRows = int(std::clamp<size_t>(kChunkBytes / m_rowBytes, 1, 64));
    }
    ~PngRowSink() override
    {
        stopWriter(true);
        if (m_png)
            png_destroy_write_struct(&m_png, m_info ? &m_info : nullptr);
    }

    bool start(const std::string &path, std::string &error)
    {
        if (!m_file.create(path, error))
            return false;
        m_out.fd = m_file.fd();
        m_png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, pngio::onError, pngio::onWarning);
        if (m_png)
            m_info = png_create_info_struct(m_png);
        if (!m_png || !m_info) {
            error = "not enough memory to encode the image";
            return false;
        }
        static const int colorTypes[4] = {PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB,
                                          PNG_COLOR_TYPE_RGB_ALPHA};
        // PLTE, and tRNS up to the last entry that is not opaque.
        std::vector<png_color> plte;
        std::vector<png_byte> trns;
        for (const auto &e : m_opt.palette) {
            plte.push_back({e[0], e[1], e[2]});
            trns.push_back(e[3]);
        }
        while (!trns.empty() && trns.back() == 255)
            trns.pop_back();
        Setup s{png_uint_32(m_opt.width), png_uint_32(m_opt.height),
                indexed() ? PNG_COLOR_TYPE_PALETTE : colorTypes[m_opt.channels - 1],
                indexed() ? 8 : m_opt.depth, std::clamp(m_opt.level, 0, 9),
                plte.data(), trns.data(), int(plte.size()), int(trns.size())};
        if (!startWriting(m_png, m_info, &m_out, &s))
            return fail(error);
        try {
            m_fill.resize(size_t(m_chunkRows) * m_rowBytes);
            m_work.resize(m_fill.size());
            m_writer = std::thread(&PngRowSink::writerLoop, this);
        } catch (const std::system_error &) {
            // no thread: handOff writes the chunks itself
        }
        return true;
    }

    bool writeRows(const uint8_t *rows, size_t stride, int count, std::string &error) override
    {
        if (m_failed || m_done) {
            error = m_failed ? m_error : "the output is already finished";
            return false;
        }
        if (count < 0 || count > m_opt.height - m_rows) {
            error = "more rows than the image height (" + std::to_string(m_opt.height) + ")";
            return false;
        }
        if (count > 0 && (!rows || stride < m_rowBytes)) {
            error = "row buffer too small";
            return false;
        }
        for (int i = 0; i < count; ++i) {
            std::memcpy(m_fill.data() + size_t(m_fillRows) * m_rowBytes, rows + size_t(i) * stride, m_rowBytes);
            if (++m_fillRows == m_chunkRows && !handOff(error))
                return false;
        }
        m_rows += count;
        return true;
    }

    bool finish(std::string &error) override
    {
        if (m_failed || m_done) {
            error = m_failed ? m_error : "the output is already finished";
            return false;
        }
        if (m_rows != m_opt.height) {
            error = "only " + std::to_string(m_rows) + " of " + std::to_string(m_opt.height) + " rows were written";
            return false;
        }
        if (m_fillRows > 0 && !handOff(error))
            return false;
        stopWriter(false);
        if (m_writerFailed)
            return fail(error);
        if (!writeEndGuarded(m_png) || !m_out.flush())
            return fail(error);
        m_out.fd = -1;
        if (!m_file.commit(false, error)) {
            m_error = error;
            m_failed = true;
            return false;
        }
        m_done = true;
        return true;
    }

    int64_t workingBytes() const override
    {
        // zlib's deflate state (window 32 KiB x 4, hash 256 KiB at memLevel 8), libpng's
        // row and filter buffers and its 8 KiB zlib output buffer, our output buffer.
        // The two chunks of rows and the writer thread's stack in use come on top.
        const int64_t row = int64_t(m_rowBytes) + 1;
        return 128 * 1024 + 256 * 1024 + 8 * 1024 + 2 * row + int64_t(kOutBuffer) + 16 * 1024 +
               2 * int64_t(m_chunkRows) * int64_t(m_rowBytes) + 32 * 1024;
    }

private:
    // Rows gathered before they go to the writer (at least one row, at most 64).
    static constexpr size_t kChunkBytes = 256 * 1024;

    bool indexed() const { return !m_opt.palette.empty(); }

    // The writer: each chunk handed over goes through libpng, until stopped (the chunk in
    // hand written first unless abandoned) or a write fails.
    void writerLoop()
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        for (;;) {
            m_cv.wait(lock, [this] { return m_workRows > 0 || m_stop; });
            if (m_workRows == 0 || m_abandon)
                return;
            const int n = m_workRows;
            lock.unlock();
            const bool ok = writeRowsGuarded(m_png, m_work.data(), m_rowBytes, n);
            lock.lock();
            m_workRows = 0;
            m_writerFailed = !ok;
            m_cv.notify_all();
            if (!ok)
                return;
        }
    }

    // Gives the gathered rows to the writer once it is done with the chunk before (or
    // writes them here without a writer thread). False with the reason once a write failed.
    bool handOff(std::string &error)
    {
        if (!m_writer.joinable()) {
            const int n = m_fillRows;
            m_fillRows = 0;
            if (m_writerFailed || !writeRowsGuarded(m_png, m_fill.data(), m_rowBytes, n)) {
                m_writerFailed = true;
                return fail(error);
            }
            return true;
        }
        std::unique_lock<std::mutex> lock(m_mutex);
        m_cv.wait(lock, [this] { return m_workRows == 0; });
        if (m_writerFailed) {
            lock.unlock();
            stopWriter(false);
            return fail(error);
        }
        std::swap(m_fill, m_work);
        m_workRows = m_fillRows;
        m_fillRows = 0;
        m_cv.notify_all();
        return true;
    }

    // Ends the writer thread: after the chunk in hand, or at once when `abandon`.
    void stopWriter(bool abandon)
    {
        if (!m_writer.joinable())
            return;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stop = true;
            m_abandon = abandon;
        }
        m_cv.notify_all();
        m_writer.join();
    }

    // A libpng failure: a failed write, else an encoder error.
    bool fail(std::string &error)
    {
        if (m_out.err) {
            m_file.fail(fileio::kWriteFailed, m_out.err, m_error);
        } else {
            m_error = "cannot encode the PNG image";
            m_file.abandon();
        }
        m_out.fd = -1;
        m_failed = true;
        error = m_error;
        return false;
    }

    PngSinkOptions m_opt;
    size_t m_rowBytes = 0;
    std::vector<uint8_t> m_buf;
    fileio::TempFile m_file;
    Output m_out;
    png_structp m_png = nullptr;
    png_infop m_info = nullptr;
    int m_rows = 0;
    bool m_failed = false, m_done = false;
    std::string m_error;
    // The writer thread and its two chunks: m_fill (this thread's) and m_work (the writer's
    // while m_workRows > 0).
    int m_chunkRows = 1;
    std::vector<uint8_t> m_fill, m_work;
    int m_fillRows = 0, m_workRows = 0;
    std::thread m_writer;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stop = false, m_abandon = false, m_writerFailed = false;
};

} // namespace

std::unique_ptr<RowSink> createPngRowSink(const std::string &path, const PngSinkOptions &opt, std::string &error)
{
    if (opt.palette.size() > 256) {
        error = "a PNG palette holds at most 256 entries (" + std::to_string(opt.palette.size()) + " given)";
        return nullptr;
    }
    const bool indexed = !opt.palette.empty();
    if (opt.width <= 0 || opt.height <= 0 ||
        (!indexed && (opt.channels < 1 || opt.channels > 4 || (opt.depth != 8 && opt.depth != 16)))) {
        error = "unsupported PNG layout (" + std::to_string(opt.width) + "x" + std::to_string(opt.height) + ", " +
                (indexed ? std::to_string(opt.palette.size()) + " palette entries"
                         : std::to_string(opt.channels) + " channels, " + std::to_string(opt.depth) + " bit") +
                ")";
        return nullptr;
    }
    auto sink = std::make_unique<PngRowSink>(opt);
    if (!sink->start(path, error))
        return nullptr;
    return sink;
}

} // namespace difflens
