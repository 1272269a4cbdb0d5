#!/usr/bin/env bash
# Runs the shell steps of packaging/ci/github-actions.yml (`run: |` blocks) and
# packaging/ci/gitlab-ci.yml (`script:` lists) on small fixture folders, with the variables
# each CI sets, so the pipeline files cannot rot.
# Usage: tst_ci_pipelines.sh DIFFLENS_CLI SOURCE_DIR
set -euo pipefail
CLI="$1"
SRC="$2"
WORK="$(mktemp -d -t difflens-ci.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$WORK/bin"
ln -s "$CLI" "$WORK/bin/difflens-cli"
export PATH="$WORK/bin:$PATH" QT_QPA_PLATFORM=offscreen
unset GITHUB_ACTIONS GITLAB_CI DIFFLENS_SHARD CI_NODE_INDEX CI_NODE_TOTAL CIRCLE_NODE_INDEX CIRCLE_NODE_TOTAL \
  BUILDKITE_PARALLEL_JOB BUILDKITE_PARALLEL_JOB_COUNT

# Six pairs, one of them different.
make_fixture() {
  local dir="$1" a="$SRC/resources/samples/settings-a.png" b="$SRC/resources/samples/settings-b.png"
  mkdir -p "$dir/baseline/ui" "$dir/current/ui"
  for name in home login ui/menu ui/dialog ui/list; do
    cp "$a" "$dir/baseline/$name.png"
    cp "$a" "$dir/current/$name.png"
  done
  cp "$a" "$dir/baseline/ui/settings.png"
  cp "$b" "$dir/current/ui/settings.png"
}

# GitHub: the lines of each `run: |` block (more indented than `run:`), one file per block.
extract_github() {
  awk -v out="$2" '
    block && NF && match($0, /^ */) && RLENGTH <= indent { block = 0 }
    block { sub("^" pad, ""); print > (out "-" n ".sh"); next }
    /^ *(- )?run: \|$/ { match($0, /^ */); indent = RLENGTH; if ($0 ~ /- run/) indent += 2;
                        n++; block = 1; pad = ""; getline; match($0, /^ */); pad = sprintf("%" RLENGTH "s", "");
                        sub("^" pad, ""); print > (out "-" n ".sh") }
  ' "$1"
}

# GitLab: the items of each `script:` list, one file per job.
extract_gitlab() {
  awk -v out="$2" '
    block && /^ *- / { sub(/^ *- /, ""); print > (out "-" n ".sh"); next }
    block { block = 0 }
    /^ *script:$/ { n++; block = 1 }
  ' "$1"
}

check_merged() {
  local dir="$1"
  for f in all.json junit.xml report.pdf report-html/index.html; do
    [ -s "$dir/$f" ] || fail "$2: $f was not written"
  done
  grep -q '<section' "$dir/report-html/index.html" || fail "$2: the HTML report has no pair section"
  local pairs
  pairs=$(grep -o '"name":"[^"]*"' "$dir/all.json" | sort -u | wc -l)
  [ "$pairs" -eq 6 ] || fail "$2: all.json holds $pairs pairs, expected 6"
  grep -q '<failure' "$dir/junit.xml" || fail "$2: junit.xml has no failure"
  head -c 5 "$dir/report.pdf" | grep -q '%PDF' || fail "$2: report.pdf is not a PDF"
}

# ---- GitHub Actions
GH="$SRC/packaging/ci/github-actions.yml"
extract_github "$GH" "$WORK/gh"
[ -f "$WORK/gh-1.sh" ] && [ -f "$WORK/gh-2.sh" ] && [ ! -f "$WORK/gh-3.sh" ] || fail "github: expected 2 run blocks"
if grep -q '\${{' "$WORK"/gh-*.sh; then fail "github: run blocks must not use \${{ }} expressions (use env:)"; fi
total=$(sed -n 's/^ *shard: \[\(.*\)\]$/\1/p' "$GH" | tr ',' '\n' | wc -l)
[ "$total" -ge 2 ] || fail "github: no shard matrix"
make_fixture "$WORK/github"
annotations=0
for i in $(seq "$total"); do
  # The runner's `bash -e {0}`, with what the job's env: and GitHub set.
  out=$(cd "$WORK/github" && GITHUB_ACTIONS=true DIFFLENS_SHARD="$i/$total" SHARD="$i" bash -eo pipefail "$WORK/gh-1.sh") ||
    fail "github: shard $i failed"
  [ -s "$WORK/github/shard-$i.json" ] || fail "github: shard-$i.json missing"
  [ -s "$WORK/github/junit-$i.xml" ] || fail "github: junit-$i.xml missing"
  annotations=$(( annotations + $(grep -c '^::error file=current/ui/settings.png,title=ui/settings.png changed::' <<<"$out" || true) ))
done
# The shards print none; the merge job prints one per failing pair.
[ "$annotations" -eq 0 ] || fail "github: the shard jobs printed $annotations annotations, expected none"
set +e
out=$(cd "$WORK/github" && GITHUB_ACTIONS=true bash -eo pipefail "$WORK/gh-2.sh")
code=$?
set -e
annotations=$(grep -c '^::error file=[^,]*ui/settings.png,title=ui/settings.png changed::' <<<"$out" || true)
[ "$annotations" -eq 1 ] || fail "github: expected one annotation for ui/settings.png from the merge job, got $annotations"
[ "$code" -eq 1 ] || fail "github: merge job exited $code, expected 1 (a pair differs)"
check_merged "$WORK/github" github

# ---- GitLab CI
GL="$SRC/packaging/ci/gitlab-ci.yml"
extract_gitlab "$GL" "$WORK/gl"
[ -f "$WORK/gl-1.sh" ] && [ -f "$WORK/gl-2.sh" ] && [ ! -f "$WORK/gl-3.sh" ] || fail "gitlab: expected 2 script lists"
total=$(sed -n 's/^ *parallel: \([0-9]*\)$/\1/p' "$GL")
[ -n "$total" ] && [ "$total" -ge 2 ] || fail "gitlab: no parallel: N"
make_fixture "$WORK/gitlab"
for i in $(seq "$total"); do
  (cd "$WORK/gitlab" && GITLAB_CI=true CI_NODE_INDEX="$i" CI_NODE_TOTAL="$total" bash -e "$WORK/gl-1.sh" >/dev/null) ||
    fail "gitlab: job $i/$total failed"
  [ -s "$WORK/gitlab/shard-$i.json" ] || fail "gitlab: shard-$i.json missing"
done
set +e
(cd "$WORK/gitlab" && GITLAB_CI=true bash -e "$WORK/gl-2.sh" >/dev/null)
code=$?
set -e
[ "$code" -eq 1 ] || fail "gitlab: report job exited $code, expected 1 (a pair differs)"
check_merged "$WORK/gitlab" gitlab
echo "PASS: github ($total shards) and gitlab pipelines"
