// The parts of `difflens-cli serve` that make it fast, as units: the decoded-image cache
// (hits, changed files, least-recently-used eviction within the budget) and the ordered
// request queue (answers in request order, requests that share a written file one after
// the other).
#include "../compare/test_images.h"

#include "serve_cache.h"
#include "serve_queue.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <thread>

using namespace difflens;
using namespace difflens::cli;

namespace {

constexpr int64_t kFrameBytes = 80 * 60 * 4; // one decoded 80x60 test image (RGBA8)

std::string readText(const std::string &path)
{
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace

class TestServeCache : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string path(const char *name) const { return m_dir.filePath(name).toStdString(); }
    bool write(const char *name, const QImage &img) const { return testimg::save(img, m_dir.filePath(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QImage base = testimg::screen(80, 60);
        QVERIFY(write("a.png", base));
        QVERIFY(write("b.png", testimg::withBlock(base, QRect(1, 1, 3, 3), Qt::red)));
        QVERIFY(write("c.png", testimg::withBlock(base, QRect(5, 5, 3, 3), Qt::green)));
    }

    void hitsAndChangedFiles()
    {
        ImageCache cache(int64_t(16) << 20);
        CachedImage first = cache.get(path("a.png"), 0);
        QVERIFY(first.image && !first.hit);
        QCOMPARE(first.info.width, 80);
        QCOMPARE(first.info.channels, 3);
        const CachedImage second = cache.get(path("a.png"), 0);
        QVERIFY(second.hit);
        QCOMPARE(second.image.get(), first.image.get()); // the same decoded frame, not a copy

        // Rewritten in place (same inode, new contents and time) and replaced by a rename.
        QVERIFY(QFile::copy(m_dir.filePath("a.png"), m_dir.filePath("m.png")));
        QVERIFY(cache.get(path("m.png"), 0).image);
        QVERIFY(cache.get(path("m.png"), 0).hit);
        {
            std::ofstream out(path("m.png"), std::ios::binary | std::ios::trunc);
            const std::string bytes = readText(path("b.png"));
            out.write(bytes.data(), std::streamsize(bytes.size()));
        }
        const CachedImage rewritten = cache.get(path("m.png"), 0);
        QVERIFY(!rewritten.hit);
        QVERIFY(std::memcmp(rewritten.image->data(), first.image->data(), first.image->byteSize()) != 0);
        QVERIFY(QFile::copy(m_dir.filePath("a.png"), m_dir.filePath("m2.png")));
        QVERIFY(QFile::remove(m_dir.filePath("m.png")) &&
                QFile::rename(m_dir.filePath("m2.png"), m_dir.filePath("m.png")));
        const CachedImage renamed = cache.get(path("m.png"), 0);
        QVERIFY(!renamed.hit);
        QVERIFY(std::memcmp(renamed.image->data(), first.image->data(), first.image->byteSize()) == 0);
        // Rewritten in place with the same size and the old modification time restored
        // (as cp -p does): the status-change time still tells.
        QVERIFY(cache.get(path("m.png"), 0).hit);
        struct stat before {};
        QCOMPARE(::stat(path("m.png").c_str(), &before), 0);
        {
            std::fstream io(path("m.png"), std::ios::binary | std::ios::in | std::ios::out);
            io.seekp(-20, std::ios::end); // inside the IDAT data, before IEND: same size
            io.put('\x55');
        }
        const struct timespec times[2] = {before.st_atim, before.st_mtim};
        QCOMPARE(::utimensat(AT_FDCWD, path("m.png").c_str(), times, 0), 0);
        QVERIFY(!cache.get(path("m.png"), 0).hit);

        // A missing file is an error, never cached; a pixel limit below a cached image's size
        // is enforced as on a first read.
        const CachedImage missing = cache.get(path("missing.png"), 0);
        QVERIFY(!missing.image && !missing.error.empty());
        const CachedImage limited = cache.get(path("a.png"), 100);
        QVERIFY(!limited.image && !limited.hit);
        QVERIFY2(limited.error.find("limit") != std::string::npos, limited.error.c_str());
    }

    void evictsLeastRecentlyUsed()
    {
        ImageCache cache(2 * kFrameBytes); // room for two frames
        QVERIFY(!cache.get(path("a.png"), 0).hit);
        QVERIFY(!cache.get(path("b.png"), 0).hit);
        QVERIFY(cache.get(path("a.png"), 0).hit);  // a is now the most recent
        QVERIFY(!cache.get(path("c.png"), 0).hit); // pushes out b
        QCOMPARE(cache.size(), size_t(2));
        QVERIFY(cache.bytes() <= cache.budget());
        QVERIFY(cache.get(path("a.png"), 0).hit);
        QVERIFY(cache.get(path("c.png"), 0).hit);
        QVERIFY(!cache.get(path("b.png"), 0).hit);

        ImageCache small(kFrameBytes - 1); // a frame never fits: nothing is kept
        QVERIFY(small.get(path("a.png"), 0).image);
        QVERIFY(!small.get(path("a.png"), 0).hit);
        QCOMPARE(small.size(), size_t(0));
        ImageCache off(0);
        QVERIFY(!off.get(path("a.png"), 0).hit && !off.get(path("a.png"), 0).hit);
    }

    // Through the cache, a comparison equals compareFiles's (streamed) in every count: the
    // first time (files never named: streamed), the second (decoded and kept), the third
    // (both from the cache).
    void compareCachedEqualsCompareFiles()
    {
        ImageCache cache(int64_t(16) << 20);
        CompareOptions opt;
        opt.job.computeSsim = true;
        const CompareResult plain = compareFiles(path("a.png"), path("b.png"), opt);
        QVERIFY(usesImageCache(cache, opt));
        for (int round = 0; round < 3; ++round) {
            const ComparisonPtr c = compareCached(cache, path("a.png"), path("b.png"), opt);
            QVERIFY(c && c->result && c->finished && c->stage == ComparisonStage::Exact);
            const CompareResult &r = *c->result;
            QVERIFY(r.ok);
            QCOMPARE(r.job.plan.streamed, round == 0);
            QCOMPARE(cache.size(), size_t(round == 0 ? 0 : 2));
            QCOMPARE(r.job.counts.mismatched, plain.job.counts.mismatched);
            QCOMPARE(r.job.counts.antiAliased, plain.job.counts.antiAliased);
            QCOMPARE(r.exactDiffering, plain.exactDiffering);
            QCOMPARE(r.job.regions.size(), plain.job.regions.size());
            QCOMPARE(r.job.stats.maxDelta, plain.job.stats.maxDelta);
            QVERIFY(r.job.ssim && plain.job.ssim);
            QCOMPARE(r.job.ssim->mean, plain.job.ssim->mean);
            QCOMPARE(r.a.channels, plain.a.channels);
        }
        // A new file beside a cached one: the whole-frame route, the new file not kept.
        const CompareResult withNew = resultOrError(compareCached(cache, path("a.png"), path("c.png"), opt));
        QVERIFY(withNew.ok && !withNew.job.plan.streamed);
        QCOMPARE(withNew.job.counts.mismatched,
                 compareFiles(path("a.png"), path("c.png"), opt).job.counts.mismatched);
        QCOMPARE(cache.size(), size_t(2));
        const ComparisonPtr unread = compareCached(cache, path("a.png"), path("none.png"), opt);
        const CompareResult &missing = resultOrError(unread);
        QVERIFY(!missing.ok);
        QCOMPARE(missing.errorFile, path("none.png"));
        QVERIFY(unread->b.error == missing.errorReason && unread->a.error.empty());
        QCOMPARE(unread->stage, ComparisonStage::None);
        opt.job.memoryBudget = int64_t(64) << 20;
        QVERIFY(!usesImageCache(cache, opt)); // a budget keeps the streamed path
    }

    // Answers come out in request order, whatever order the jobs finish in; answers known at
    // once (bad requests) keep their place.
    void answersInOrder()
    {
        std::vector<std::string> written;
        {
            OrderedRunner runner(4, [out = &written](const std::string &line) { out->push_back(line); });
            for (int i = 0; i < 40; ++i) {
                if (i % 7 == 3) {
                    runner.submitAnswer("bad " + std::to_string(i));
                    continue;
                }
                const int delayMs = (i * 37) % 11; // later requests often finish first
                runner.submit(
                    [i, delayMs] {
                        std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
                        return "ok " + std::to_string(i);
                    },
                    {});
            }
        } // the destructor waits for all
        QCOMPARE(written.size(), size_t(40));
        for (int i = 0; i < 40; ++i)
            QCOMPARE(written[size_t(i)], (i % 7 == 3 ? "bad " : "ok ") + std::to_string(i));
    }

    // A request that reads a file an earlier one writes starts after it: it sees the file.
    void writtenFileIsWaitedFor()
    {
        const std::string out = path("written.txt");
        std::vector<std::string> written;
        std::atomic<int> running{0}, maxRunning{0};
        {
            OrderedRunner runner(4, [out = &written](const std::string &line) { out->push_back(line); });
            for (int i = 0; i < 5; ++i) {
                RequestFiles files;
                files.writes = {out};
                runner.submit(
                    [out, i] {
                        std::this_thread::sleep_for(std::chrono::milliseconds(20));
                        std::ofstream(out) << i;
                        return std::string("wrote");
                    },
                    files);
                RequestFiles reads;
                reads.reads = {out};
                runner.submit([out] { return readText(out); }, reads);
            }
            // Unrelated requests run side by side.
            for (int i = 0; i < 8; ++i)
                runner.submit(
                    [run = &running, most = &maxRunning] {
                        const int now = ++*run;
                        int seen = most->load();
                        while (now > seen && !most->compare_exchange_weak(seen, now)) {
                        }
                        std::this_thread::sleep_for(std::chrono::milliseconds(50));
                        --*run;
                        return std::string("x");
                    },
                    {});
        }
        QCOMPARE(written.size(), size_t(18));
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(written[size_t(2 * i)], std::string("wrote"));
            QCOMPARE(written[size_t(2 * i + 1)], std::to_string(i));
        }
        QVERIFY(maxRunning.load() > 1);
    }
};

QTEST_GUILESS_MAIN(TestServeCache)
#include "tst_serve_cache.moc"
