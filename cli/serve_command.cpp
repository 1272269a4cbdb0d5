// `difflens-cli serve` (serve_command.h): requests parsed with Qt's JSON reader, options turned
// into compare arguments and parsed by parseCompareOptions, images decoded through the
// server's cache (serve_cache.h), results written by result_json.h.
#include "serve_command.h"

#include "args.h"
#include "compare_options.h"
#include "errors.h"
#include "serve_cache.h"
#include "serve_queue.h"
#include "value_parsers.h"

#include "difflens/compare/result_json.h"
#include "difflens/compare/sidecar.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <malloc.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>

namespace difflens::cli {

namespace {

// Options a server cannot honour: they would write to its stdout or do no comparison.
bool refusedInServe(const std::string &key)
{
    return key == "json" || key == "help" || key == "version" || key == "progress" || key == "quiet" ||
           key == "pdf";
}

JsonValue toJsonValue(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool:
        return JsonValue(v.toBool());
    case QJsonValue::Double: {
        const double d = v.toDouble();
        const qint64 i = v.toInteger(0);
        if (std::isfinite(d) && double(i) == d && std::fabs(d) < 9.0e15)
            return JsonValue(int64_t(i));
        return JsonValue(d);
    }
    case QJsonValue::String:
        return JsonValue(v.toString().toStdString());
    case QJsonValue::Array: {
        JsonValue a = JsonValue::array();
        for (const QJsonValue &item : v.toArray())
            a.append(toJsonValue(item));
        return a;
    }
    case QJsonValue::Object: {
        JsonValue o = JsonValue::object();
        const QJsonObject obj = v.toObject();
        for (auto it = obj.begin(); it != obj.end(); ++it)
            o.insert(it.key().toStdString(), toJsonValue(it.value()));
        return o;
    }
    default:
        return JsonValue();
    }
}

// One scalar option value as argument text.
bool scalarText(const QJsonValue &v, std::string &out)
{
    if (v.isString()) {
        out = v.toString().toStdString();
        return true;
    }
    if (v.isDouble()) {
        const JsonValue j = toJsonValue(v);
        out = j.type() == JsonValue::Type::Integer ? std::to_string(j.toInteger()) : jsonNumberText(j.toDouble());
        return true;
    }
    return false;
}

// Appends the arguments of one option; false with a reason.
bool optionArgs(const std::string &key, const QJsonValue &v, ServeRequest &out, std::string &error)
{
    std::vector<std::string> &args = out.args;
    if (key.empty() || key[0] == '-') {
        error = "options: bad option name '" + key + "' (names are written without dashes)";
        return false;
    }
    if (refusedInServe(key)) {
        error = "options." + key + ": not available in serve mode";
        return false;
    }
    std::string name = "--" + key;
    for (char &c : name)
        if (c == '_')
            c = '-';
    if (v.isNull())
        return true; // as if not given
    if (v.isBool()) {
        if (v.toBool())
            args.push_back(name);
        return true;
    }
    std::string text;
    if (scalarText(v, text)) {
        if (v.isString())
            out.stringOptions.emplace_back(key, text);
        args.push_back(name + "=" + text);
        return true;
    }
    if (v.isArray()) {
        // --ignore repeats; any other list is one comma-separated value ("diff_color": [255,0,0]).
        std::string joined;
        for (const QJsonValue &item : v.toArray()) {
            if (!scalarText(item, text)) {
                error = "options." + key + ": expected strings or numbers in the list";
                return false;
            }
            if (key == "ignore")
                args.push_back(name + "=" + text);
            else
                joined += (joined.empty() ? "" : ",") + text;
        }
        if (key != "ignore")
            args.push_back(name + "=" + joined);
        return true;
    }
    error = "options." + key + ": expected a string, number, boolean or list";
    return false;
}

bool requestPath(const QJsonObject &req, const char *key, std::string &out, std::string &error)
{
    const QJsonValue v = req.value(QLatin1String(key));
    if (!v.isString() || v.toString().isEmpty()) {
        error = std::string(v.isUndefined() ? "missing \"" : "expected a file path in \"") + key + "\"";
        return false;
    }
    out = v.toString().toStdString();
    return true;
}

void writeLine(const std::string &line)
{
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

// Merges the sidecar's regions (explicit or found beside the images) with --ignore's, as the
// compare command does. False with the sidecar's path and a reason.
bool applySidecar(CompareCommandOptions &o, std::string &errorFile, std::string &error)
{
    std::vector<Rect> ignore;
    if (!o.noSidecar) {
        const std::string path = o.sidecarPath.empty() ? findSidecar(o.pathA, o.pathB) : o.sidecarPath;
        Sidecar sidecar;
        if (!path.empty()) {
            if (!loadSidecar(path, sidecar, error)) {
                errorFile = path;
                return false;
            }
            ignore = sidecar.ignoreRects();
        }
    }
    ignore.insert(ignore.end(), o.ignoreArgs.begin(), o.ignoreArgs.end());
    o.compare.job.ignore = std::move(ignore);
    return true;
}

// String options that name no file (values such as "cpu" or "pixel,ssim").
bool namesNoFile(const std::string &key)
{
    static const char *const keys[] = {
        "threshold", "metrics", "device", "tier", "memory_budget", "aa_color", "diff_color", "diff_color_alt",
        "shift_color", "ignore", "alpha", "region_dilation", "max_pixels", "warning_threshold",
        "critical_threshold", "flip_ppd", "shift"};
    for (const char *k : keys)
        if (key == k)
            return true;
    return false;
}

// The files of a request: the images and the sidecar are read; any other string option may
// name a file written (diff_image, and options compare gains later: counted as written).
// Paths as absolute text (relative ones against the working directory), so that "d.png" and
// "/work/d.png" are seen as one file.
RequestFiles requestFiles(const ServeRequest &req, const std::string &cwd)
{
    const auto absolute = [cwd](const std::string &p) {
        return p.empty() || p[0] == '/' ? p : cwd + "/" + p;
    };
    RequestFiles f;
    f.reads = {absolute(req.pathA), absolute(req.pathB)};
    for (const auto &[key, value] : req.stringOptions) {
        if (key == "sidecar")
            f.reads.push_back(absolute(value));
        else if (!namesNoFile(key))
            f.writes.push_back(absolute(value));
    }
    return f;
}

std::string answer(const ServeRequest &req, CompareCommandOptions o, ImageCache &cache)
{
    std::string error;
    if (o.verbose)
        o.compare.job.log = [](const std::string &line) { std::fprintf(stderr, "%s\n", line.c_str()); };
    CompareResult unread; // the sidecar's error
    ComparisonPtr compared;
    std::string errorFile;
    const bool ran = applySidecar(o, errorFile, error);
    if (ran) {
        compared = usesImageCache(cache, o.compare) ? compareCached(cache, o.pathA, o.pathB, o.compare)
                                                     : compareDirect(o.pathA, o.pathB, o.compare);
    } else {
        unread.errorFile = errorFile;
        unread.errorReason = error;
        unread.a.path = o.pathA;
        unread.b.path = o.pathB;
    }
    const CompareResult &r = ran ? resultOrError(compared) : unread;
    JsonValue doc = resultJsonValue(r);
    doc.insert("id", req.id);
    return toJsonText(doc, false);
}

std::string serveUsage()
{
    return "Usage: difflens-cli serve [--cache SIZE] [--jobs N]\n"
           "\n"
           "Reads one JSON request per line on stdin, {\"id\": ..., \"a\": PATH, \"b\": PATH,\n"
           "\"options\": {\"threshold\": 0.05, ...}}, and writes one line per request on stdout:\n"
           "the fields of compare --json plus \"id\", or {\"id\": ..., \"error\": {\"file\", \"reason\"}}.\n"
           "Runs until the end of its input (exit 0). See docs/cli.md, \"Serve mode\".\n"
           "\n"
           "  --cache SIZE   keep up to SIZE of decoded images (such as 256M; default 256M) and\n"
           "                 reuse one while its file is unchanged (same inode, size,\n"
           "                 modification and status-change time); 0: no cache\n"
           "  --jobs N       compare up to N requests at a time (default: the cores, at most 4);\n"
           "                 answers stay in request order, and a request that uses a file an\n"
           "                 earlier one writes waits for it. 1: one request at a time\n";
}

} // namespace

bool parseServeRequest(const std::string &line, ServeRequest &out, std::string &error)
{
    out = ServeRequest();
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(line), &pe);
    if (pe.error != QJsonParseError::NoError) {
        error = "invalid JSON at offset " + std::to_string(pe.offset) + ": " + pe.errorString().toStdString();
        return false;
    }
    if (!doc.isObject()) {
        error = "a request must be a JSON object";
        return false;
    }
    const QJsonObject req = doc.object();
    out.id = toJsonValue(req.value(QLatin1String("id")));
    if (!requestPath(req, "a", out.pathA, error) || !requestPath(req, "b", out.pathB, error))
        return false;
    const QJsonValue options = req.value(QLatin1String("options"));
    if (!options.isUndefined() && !options.isNull() && !options.isObject()) {
        error = "\"options\" must be an object";
        return false;
    }
    const QJsonObject opts = options.toObject();
    for (auto it = opts.begin(); it != opts.end(); ++it)
        if (!optionArgs(it.key().toStdString(), it.value(), out, error))
            return false;
    out.args.insert(out.args.end(), {"--", out.pathA, out.pathB});
    return true;
}

std::string serveErrorLine(const JsonValue &id, const std::string &file, const std::string &reason)
{
    JsonValue err = JsonValue::object();
    err.insert("file", file);
    err.insert("reason", reason);
    JsonValue doc = JsonValue::object();
    doc.insert("error", std::move(err));
    doc.insert("id", id);
    return toJsonText(doc, false);
}

int runServeCommand(const std::vector<std::string> &args)
{
    int64_t cacheBytes = kDefaultServeCacheBytes;
    int jobs = defaultServeJobs();
    ArgScanner scan(args);
    std::string error;
    while (scan.next()) {
        if (scan.name() == "-h" || scan.name() == "--help") {
            std::fputs(serveUsage().c_str(), stdout);
            return kExitSame;
        }
        if (scan.isOption() && scan.name() == "--cache") {
            std::string text;
            if (!scan.value(text, error))
                return reportError(error);
            if (text == "0")
                cacheBytes = 0; // parseByteSize wants a positive size
            else if (!parseByteSize(text, cacheBytes, error))
                return reportError("--cache: " + error);
            continue;
        }
        if (scan.isOption() && scan.name() == "--jobs") {
            std::string text;
            int64_t n = 0;
            if (!scan.value(text, error) || !parseInt64(text, 1, 64, n, error))
                return reportError("--jobs: " + error);
            jobs = int(n);
            continue;
        }
        return reportError("serve: unknown argument '" + scan.current() +
                           "' (try difflens-cli serve --help)");
    }
    // A server's requests allocate and free the same buffers over and over: kept in the heap
    // (not mapped and unmapped each time, with every page faulted in and zeroed again), they
    // cost no page faults after the first request (serve, 300 distinct 1280x720 pairs, 2 jobs,
    // 6 alternating pairs: system time 0.17-0.25 -> 0.06-0.12 s, wall median 1.67 -> 1.48 s,
    // peak RSS 34 -> 36 MB). Buffers over 32 MiB are mapped as before.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    ImageCache cache(cacheBytes);
    ImageCache *sharedCache = &cache;
    OrderedRunner runner(jobs, writeLine);
    char cwdBuf[4096];
    const std::string cwd = ::getcwd(cwdBuf, sizeof cwdBuf) ? cwdBuf : "";
    std::string line;
    while (std::getline(std::cin, line)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue; // blank lines are not requests
        ServeRequest req;
        CompareCommandOptions o;
        if (!parseServeRequest(line, req, error) || !parseCompareOptions(req.args, o, error)) {
            runner.submitAnswer(serveErrorLine(req.id, "", error));
            continue;
        }
        const RequestFiles files = requestFiles(req, cwd);
        runner.submit([req, o, sharedCache]() { return answer(req, o, *sharedCache); }, files);
    }
    runner.drain();
    return kExitSame;
}

} // namespace difflens::cli
