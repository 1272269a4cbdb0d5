// Streaming PNG decoder. A file whose inflated image data is small (at most 16 MiB and a
// quarter of the memory the budget leaves) takes the fast path (png_fast.h): parsed at
// open, then inflated and unfiltered by a worker thread while the caller goes on, each row
// expanded as it is read. Others, and whatever the fast path
// declines, go row by row through libpng with the transforms of png_reader.cpp (so the rows
// equal decodeImageFile's). Interlaced files are decoded pass by pass into an unlinked
// scratch file (one row in memory) and read back in bands.
#include "png_common.h"
#include "png_fast.h"
#include "probe.h"
#include "stream_internal.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

namespace difflens::stream {

namespace {

const char *const kCorrupt = "truncated or corrupt PNG data";

// Only trivially destructible locals live across setjmp in these helpers.
bool setupReader(png_structp png, png_infop info, FILE *file, pngio::RgbaLayout *out)
{
    if (setjmp(png_jmpbuf(png)))
        return false;
    png_init_io(png, file);
    pngio::readInfoAsRgba(png, info, out);
    return true;
}

// Reads `count` rows; *rows counts the rows completed. The last row also reads the end
// of the file (as png_reader.cpp does), so a damaged tail fails on the last row.
bool readSequential(png_structp png, uint8_t *dst, size_t stride, int count, int *rows, int height)
{
    if (setjmp(png_jmpbuf(png)))
        return false;
    for (int i = 0; i < count; ++i) {
        png_read_row(png, dst + size_t(i) * stride, nullptr);
        if (*rows + 1 == height)
            png_read_end(png, nullptr);
        ++*rows;
    }
    return true;
}

struct PassJob {
    png_structp png = nullptr;
    int fd = -1;
    uint8_t *row = nullptr;
    size_t rowBytes = 0;
    png_uint_32 width = 0, height = 0;
    int pass = 0;           // 7 once every pass is done; 8 once the end is read too
    png_uint_32 y = 0;
    int ioErrno = 0;
    bool ioFailed = false;
    bool ioWrite = false;
};

// With interlace handling libpng sees every row in every pass and merges the pass's
// pixels into the row given, so each row of a pass is read from the scratch file, merged
// and written back. Even rows are never in pass 6 and odd rows only in pass 6 (which
// covers every column), so the first touch of a row needs no read.
bool runPasses(PassJob *job)
{
    if (setjmp(png_jmpbuf(job->png)))
        return false;
    for (job->pass = 0; job->pass < 7; ++job->pass) {
        const bool emptyPass = PNG_PASS_COLS(job->width, job->pass) == 0;
        for (job->y = 0; job->y < job->height; ++job->y) {
            if (emptyPass || !PNG_ROW_IN_INTERLACE_PASS(job->y, job->pass)) {
                png_read_row(job->png, nullptr, nullptr);
                continue;
            }
            const int64_t at = int64_t(job->y) * int64_t(job->rowBytes);
            // A row is first met in pass 0 (y % 8 == 0), 2 (y % 8 == 4), 4 (y % 4 == 2) or 6
            // (odd y); none of these passes is ever empty.
            const bool fresh = job->pass == 0 || job->pass == 2 || job->pass == 4 || job->pass == 6;
            if (!fresh && !preadAll(job->fd, job->row, job->rowBytes, at)) {
                job->ioErrno = errno;
                job->ioFailed = true;
                return false;
            }
            png_read_row(job->png, job->row, nullptr);
            if (!pwriteAll(job->fd, job->row, job->rowBytes, at)) {
                job->ioErrno = errno;
                job->ioFailed = true;
                job->ioWrite = true;
                return false;
            }
        }
    }
    png_read_end(job->png, nullptr);
    job->pass = 8;
    return true;
}

class PngRows final : public BasicRowSource {
public:
    explicit PngRows(FILE *file) : BasicRowSource(0, 0, 8), m_file(file) {}
    ~PngRows() override
    {
        if (m_png)
            png_destroy_read_struct(&m_png, m_info ? &m_info : nullptr, nullptr);
        if (m_file)
            std::fclose(m_file);
    }

    bool init(const ImageHeader &header, std::string &error)
    {
        error = kCorrupt;
        m_png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, pngio::onError, pngio::onWarning);
        if (m_png)
            m_info = png_create_info_struct(m_png);
        if (!m_png || !m_info) {
            error = "not enough memory to decode the image";
            return false;
        }
        png_set_user_limits(m_png, 0x7fffffff, 0x7fffffff); // our own pixel limit applies
        std::setvbuf(m_file, nullptr, _IOFBF, kIoBuffer);
        pngio::RgbaLayout l;
        if (!setupReader(m_png, m_info, m_file, &l))
            return false;
        if (int64_t(l.width) != header.width || int64_t(l.height) != header.height)
            return false;
        m_width = int(l.width);
        m_height = int(l.height);
        m_depth = l.depth;
        m_interlaced = l.passes > 1;
        if (l.rowBytes != rowBytes())
            return false;
        error.clear();
        return true;
    }

    bool interlaced() const { return m_interlaced; }

    int64_t workingBytes() const override
    {
        // libpng's two row buffers, zlib's inflate state and window, the stdio and IDAT
        // buffers, the structs; interlaced files add our merge row (the frame is on disk).
        const int64_t row = int64_t(rowBytes());
        return 2 * (row + 64) + 48 * 1024 + kIoBuffer + 8 * 1024 + 16 * 1024 + (m_interlaced ? row : 0);
    }

protected:
    bool readImpl(uint8_t *dst, size_t stride, int count) override
    {
        if (!m_interlaced) {
            if (!readSequential(m_png, dst, stride, count, &m_rows, m_height))
                return failAt(kCorrupt, m_rows);
            return true;
        }
        if (!m_decoded && !decodePasses())
            return false;
        const int available = std::min(count, m_goodRows - m_rows);
        for (int i = 0; i < available; ++i, ++m_rows) {
            if (!preadAll(m_scratch.get(), dst + size_t(i) * stride, rowBytes(), int64_t(m_rows) * int64_t(rowBytes())))
                return failAt(errno ? readReason(errno) : "temporary file ended early",
                              m_rows);
        }
        if (available < count)
            return failAt(m_decodeError, m_rows);
        return true;
    }

private:
    static constexpr int64_t kIoBuffer = 64 * 1024;

    bool decodePasses()
    {
        m_decoded = true;
        std::string error;
        const int fd = createScratchFile(error);
        if (fd < 0)
            return failAt(error, m_rows);
        m_scratch = Fd(fd);
        if (::ftruncate(fd, off_t(int64_t(rowBytes()) * m_height)) != 0)
            return failAt("cannot write a temporary file: " + writeReason(errno), m_rows);
        m_row.assign(rowBytes(), 0);
        PassJob job;
        job.png = m_png;
        job.fd = fd;
        job.row = m_row.data();
        job.rowBytes = rowBytes();
        job.width = png_uint_32(m_width);
        job.height = png_uint_32(m_height);
        if (runPasses(&job)) {
            m_goodRows = m_height;
            return true;
        }
        // After a failure in pass 6 the rows above it are complete (even rows end in
        // pass 5 at the latest); a damaged tail leaves every row but the last.
        if (job.pass == 7)
            m_goodRows = m_height - 1;
        else if (job.pass == 6)
            m_goodRows = int(job.y);
        else
            m_goodRows = 0;
        if (job.ioFailed)
            m_decodeError = job.ioWrite ? "cannot write a temporary file: " + writeReason(job.ioErrno)
                                        : readReason(job.ioErrno);
        else
            m_decodeError = kCorrupt;
        return true;
    }

    FILE *m_file = nullptr;
    png_structp m_png = nullptr;
    png_infop m_info = nullptr;
    bool m_interlaced = false;
    bool m_decoded = false;
    int m_goodRows = 0;
    std::string m_decodeError;
    Fd m_scratch;
    std::vector<uint8_t> m_row;
};

// Rows of the fast path. A worker thread inflates the image data and unfilters it in place
// while the caller goes on (compare opens B while A inflates, so the two decodes share the
// cores); readImpl expands the rows it is given once the worker has unfiltered them. When
// the worker finds the data damaged (before any row is ready), the file goes to libpng
// from the start, which decides and words the failure as if the fast path had declined at
// open. The inflated data goes back to the pool after the last row.
class PngFastRows final : public BasicRowSource {
public:
    PngFastRows(std::string path, const ImageHeader &header, std::unique_ptr<pngfast::Rows> rows,
                pngfast::Buffer &&buffer, pngfast::Buffer &&file)
        : BasicRowSource(int(rows->info().width), int(rows->info().height), rows->info().outDepth()),
          m_path(std::move(path)), m_header(header), m_held(int64_t(rows->heldBytes()) + int64_t(file.size())),
          m_fast(std::move(rows)), m_buffer(std::move(buffer)), m_file(std::move(file))
    {
    }
    ~PngFastRows() override
    {
        m_stop.store(true, std::memory_order_relaxed); // rows nobody will read: stop unfiltering
        release();
    }

    // Starts the worker, or does its work here: when no thread can be started, and when
    // other sources of this kind are open for another comparison (serve's jobs, a folder
    // review's workers): that comparison keeps the other cores busy, and a worker would only
    // add thread starts and hand-offs (serve, 300 distinct 1280x720 pairs on 2 cores: about
    // 5 % less CPU decoding on the caller).
    void start()
    {
        if (m_live.others() >= 2) { // another comparison's pair is open: the cores are busy with it
            work();
            return;
        }
        try {
            m_worker = std::thread(&PngFastRows::work, this);
        } catch (const std::system_error &) {
            work();
        }
    }

    int64_t workingBytes() const override { return m_fallback ? m_fallback->workingBytes() : m_held + 4 * 1024; }

protected:
    bool readImpl(uint8_t *dst, size_t stride, int count) override
    {
        if (!m_fallback && !waitFor(m_rows + count) && !startFallback())
            return false;
        if (m_fallback) {
            std::string error;
            const bool ok = m_fallback->readRows(dst, stride, count, error);
            m_rows = m_fallback->rowsRead();
            m_error = error;
            return ok;
        }
        for (int i = 0; i < count; ++i, ++m_rows)
            m_fast->expand(uint32_t(m_rows), dst + size_t(i) * stride);
        if (m_rows == m_height)
            release();
        return true;
    }

private:
    // Rows unfiltered between two reports to the reader.
    static constexpr uint32_t kReportRows = 16;

    void work()
    {
        bool ok = false;
        try {
            ok = m_fast->inflate(m_file.data(), m_file.size());
        } catch (...) {
            ok = false;
        }
        pngfast::Buffer().swap(m_file);
        if (!ok) {
            publish(-1);
            return;
        }
        const uint32_t h = m_fast->info().height;
        for (uint32_t y = 0; y < h; ++y) {
            m_fast->unfilter(y);
            if ((y + 1) % kReportRows == 0 || y + 1 == h) {
                publish(int(y + 1));
                if (m_stop.load(std::memory_order_relaxed))
                    return;
            }
        }
    }

    void publish(int ready)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_ready = ready;
        if (m_waiting)
            m_cv.notify_one();
    }

    // Waits until `rows` rows are unfiltered; false when the worker found the data damaged.
    bool waitFor(int rows)
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_waiting = true;
        m_cv.wait(lock, [this, rows] { return m_ready < 0 || m_ready >= rows; });
        m_waiting = false;
        return m_ready >= rows;
    }

    // libpng from the first row (nothing has been delivered yet).
    bool startFallback()
    {
        release();
        std::string error;
        FILE *file = openStdio(m_path, error);
        if (!file)
            return failAt(error, m_rows);
        auto rows = std::make_unique<PngRows>(file);
        if (!rows->init(m_header, error) || rows->interlaced() || rows->width() != m_width ||
            rows->height() != m_height || rows->depth() != m_depth)
            return failAt(error.empty() ? kCorrupt : error, m_rows);
        m_fallback = std::move(rows);
        return true;
    }

    void release()
    {
        if (m_worker.joinable())
            m_worker.join();
        m_fast.reset();
        pngfast::giveBuffer(std::move(m_buffer));
        m_buffer = {};
    }

    std::string m_path;
    ImageHeader m_header;
    int64_t m_held;
    std::unique_ptr<pngfast::Rows> m_fast;
    pngfast::Buffer m_buffer; // m_fast's data
    pngfast::Buffer m_file;   // the file, until the worker has inflated it
    std::thread m_worker;
    // How many of these sources are open in the process (this one included).
    struct LiveCount {
        static std::atomic<int> &count()
        {
            static std::atomic<int> n{0};
            return n;
        }
        LiveCount() { count().fetch_add(1, std::memory_order_relaxed); }
        ~LiveCount() { count().fetch_sub(1, std::memory_order_relaxed); }
        LiveCount(const LiveCount &) = delete;
        LiveCount &operator=(const LiveCount &) = delete;
        int others() const { return count().load(std::memory_order_relaxed) - 1; }
    } m_live;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    int m_ready = 0; // rows unfiltered; -1: damaged data
    bool m_waiting = false;
    std::atomic<bool> m_stop{false};
    std::unique_ptr<PngRows> m_fallback;
};

// The fast path holds a file's whole inflated data (libpng's rows a few rows); up to
// 1920x1080 RGBA. When inflation ran at open on the calling thread, at 3840x2160 (24 MB
// inflated) it was 1.5-4.5 % slower than libpng; since it runs on a worker that was not
// measured again, and the limit keeps the memory of a streamed compare small.
constexpr int64_t kFastPathBytes = int64_t(16) << 20;

// The fast path for a small file: false (nothing read through `file`'s stream) when the
// file is too large for it or the fast path declines its chunks. The image data is
// inflated by the rows' worker.
bool openFastRows(FILE *file, const std::string &path, const ImageHeader &header, int64_t byteLimit,
                  OpenedImage &out)
{
    const int fd = ::fileno(file);
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 33)
        return false;
    uint8_t head[33];
    if (!preadAll(fd, head, sizeof head, 0))
        return false;
    const size_t inflated = pngfast::inflatedSizeOf(head, sizeof head);
    int64_t limit = kFastPathBytes;
    if (byteLimit > 0)
        limit = std::min(limit, byteLimit / 4);
    if (inflated == 0 || int64_t(inflated) > limit || int64_t(st.st_size) > limit - int64_t(inflated))
        return false;
    std::unique_ptr<pngfast::Rows> rows;
    pngfast::Buffer buffer = pngfast::takeBuffer(inflated + 16);
    pngfast::Buffer bytes;
    try {
        bytes.resize(size_t(st.st_size));
    } catch (const std::bad_alloc &) {
        pngfast::giveBuffer(std::move(buffer));
        return false;
    }
    if (!preadAll(fd, bytes.data(), bytes.size(), 0) ||
        !pngfast::parse(bytes.data(), bytes.size(), inflated, rows, &buffer) ||
        int64_t(rows->info().width) != header.width || int64_t(rows->info().height) != header.height) {
        rows.reset();
        pngfast::giveBuffer(std::move(buffer));
        return false;
    }
    std::unique_ptr<PngFastRows> fast;
    try {
        fast = std::make_unique<PngFastRows>(path, header, std::move(rows), std::move(buffer), std::move(bytes));
    } catch (const std::bad_alloc &) {
        return false;
    }
    fast->start();
    out.rows = std::move(fast);
    out.route = "rows";
    return true;
}

} // namespace

bool openPngRows(const std::string &path, int64_t byteLimit, OpenedImage &out, std::string &error)
{
    FILE *file = openStdio(path, error);
    if (!file)
        return false;
    if (openFastRows(file, path, out.header, byteLimit, out)) {
        std::fclose(file);
        return true;
    }
    auto rows = std::make_unique<PngRows>(file);
    if (!rows->init(out.header, error))
        return false;
    out.route = rows->interlaced() ? "temp-file" : "rows";
    out.rows = std::move(rows);
    return true;
}

} // namespace difflens::stream
