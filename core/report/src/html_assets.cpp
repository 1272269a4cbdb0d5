// The inline CSS and JavaScript of the HTML report (html_assets.h).
#include "html_assets.h"

namespace difflens::report::detail {

const char *htmlStyle()
{
    return R"CSS(
:root { --fg:#1d232b; --muted:#5f6b7a; --line:#d9dee5; --bg:#f6f7f9; --card:#fff; --accent:#1e5ac8; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
       color:var(--fg); background:var(--bg); }
header.top { padding:20px 28px 8px; }
h1 { margin:0 0 2px; font-size:24px; }
.sub { color:var(--muted); margin:0 0 10px; }
dl.info { display:grid; grid-template-columns:max-content 1fr; gap:2px 14px; margin:0 0 14px; font-size:12.5px; }
dl.info dt { font-weight:600; } dl.info dd { margin:0; color:#333; overflow-wrap:anywhere; }
.bar { position:sticky; top:0; z-index:5; background:rgba(246,247,249,.96); border-bottom:1px solid var(--line);
       padding:8px 28px; display:flex; flex-wrap:wrap; gap:8px; align-items:center; }
.chip { display:inline-flex; align-items:center; gap:6px; border:1px solid var(--line); background:var(--card);
        border-left:4px solid var(--c); border-radius:6px; padding:4px 9px; cursor:pointer; user-select:none; }
.chip b { font-size:16px; } .chip.zero { opacity:.5; }
.chip input { margin:0; }
.bar input[type=search] { padding:5px 8px; border:1px solid var(--line); border-radius:6px; min-width:220px; }
.bar .shown { color:var(--muted); margin-left:auto; font-size:12.5px; }
.keys { color:var(--muted); font-size:12px; }
kbd { border:1px solid #bbb; border-bottom-width:2px; border-radius:3px; padding:0 4px; font-size:11px; background:#fff; }
main { padding:12px 28px 60px; }
table.pairs { border-collapse:collapse; width:100%; background:var(--card); font-size:13px; margin-bottom:22px; }
table.pairs th, table.pairs td { border-bottom:1px solid #eceff3; padding:4px 8px; text-align:left; }
table.pairs th { background:#eaedf2; font-weight:600; }
table.pairs td.num { text-align:right; font-variant-numeric:tabular-nums; }
.dot { display:inline-block; width:9px; height:9px; border-radius:2px; background:var(--c); margin-right:6px; }
section.pair { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:14px 16px;
               margin:0 0 22px; scroll-margin-top:64px; }
section.pair.current { outline:3px solid var(--accent); outline-offset:1px; }
section.pair > header { display:flex; align-items:center; gap:12px; }
section.pair h2 { font-size:17px; margin:0; flex:1; overflow-wrap:anywhere; }
.badge { color:#fff; background:var(--c); border-radius:5px; padding:2px 10px; font-weight:600; font-size:12.5px; }
.paths { color:var(--muted); font-size:12px; margin:3px 0 8px; overflow-wrap:anywhere; }
.views { display:flex; gap:4px; margin:4px 0 8px; }
.views button { border:1px solid var(--line); background:#f1f3f6; border-radius:5px; padding:4px 11px;
                cursor:pointer; font:inherit; font-size:13px; }
.views button.on { background:var(--accent); border-color:var(--accent); color:#fff; }
.views button:disabled { opacity:.45; cursor:default; }
.stage > .v { display:none; }
.stage.side > .v-side, .stage.swipe > .v-swipe, .stage.onion > .v-onion, .stage.diff > .v-diff { display:flex; }
.v { gap:12px; align-items:flex-start; flex-wrap:wrap; flex-direction:row; }
figure { margin:0; flex:1 1 0; min-width:180px; }
figcaption { font-size:12px; font-weight:600; margin:0 0 3px; color:#333; }
.frame { position:relative; display:inline-block; max-width:100%; line-height:0; border:1px solid #c8ced6;
         background:repeating-conic-gradient(#eee 0 25%, #fff 0 50%) 0 0/16px 16px; }
.frame img { display:block; max-width:100%; height:auto; }
.frame img.top { position:absolute; left:0; top:0; width:100%; height:100%; }
.box { position:absolute; border:1.5px solid #1e5ac8; box-shadow:0 0 0 1px rgba(255,255,255,.7); pointer-events:none; }
.box span { position:absolute; left:-1px; top:-15px; font:bold 10px/13px sans-serif; color:#fff; background:#1e5ac8;
            padding:0 3px; border-radius:2px; }
.hideboxes .box { display:none; }
.slider { display:flex; align-items:center; gap:8px; font-size:12px; color:var(--muted); margin-top:6px; }
.slider input { flex:1; max-width:420px; }
.legend { display:flex; align-items:center; gap:6px; font-size:11px; color:var(--muted); margin-top:4px; }
.legend i { display:inline-block; width:140px; height:9px; border:1px solid #ccc; }
.note-box { background:#f7f8fa; border:1px dashed var(--line); padding:18px; color:var(--muted); flex:1; }
.cols { display:grid; grid-template-columns:minmax(0,1.2fr) minmax(0,1fr); gap:16px; margin-top:12px; }
table.metrics { border-collapse:collapse; font-size:12.5px; width:100%; }
table.metrics th { text-align:left; font-weight:600; color:#3a4350; padding:2px 10px 2px 0; white-space:nowrap; vertical-align:top; }
table.metrics td { padding:2px 0; overflow-wrap:anywhere; }
.regions { font-size:12px; color:#333; margin:6px 0 0; padding-left:18px; columns:2; }
.decision.approved { color:#2e8c50; font-weight:600; } .decision.flagged { color:#cd2d2d; font-weight:600; }
.remark { color:#96401a; font-size:12.5px; }
.toolbar-x { font-size:12px; color:var(--muted); display:flex; gap:10px; align-items:center; }
[hidden] { display:none !important; }
)CSS";
}

const char *htmlScript()
{
    return R"JS(
(function () {
  'use strict';
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.pair'));
  var rows = Array.prototype.slice.call(document.querySelectorAll('table.pairs tbody tr'));
  var chips = Array.prototype.slice.call(document.querySelectorAll('.chip input'));
  var search = document.getElementById('filter');
  var shown = document.getElementById('shown');
  var current = -1;

  function wanted(el) {
    var st = el.getAttribute('data-status');
    var on = chips.some(function (c) { return c.checked && c.value === st; });
    var q = search ? search.value.trim().toLowerCase() : '';
    return on && (!q || el.getAttribute('data-name').toLowerCase().indexOf(q) >= 0);
  }
  function applyFilter() {
    var n = 0;
    sections.forEach(function (s) { s.hidden = !wanted(s); });
    rows.forEach(function (r) { r.hidden = !wanted(r); if (!r.hidden) n++; });
    if (shown) shown.textContent = n + ' of ' + rows.length + ' pairs shown';
    if (current >= 0 && sections[current].hidden) setCurrent(-1);
  }
  function setCurrent(i, scroll) {
    if (current >= 0) sections[current].classList.remove('current');
    current = i;
    if (i < 0) return;
    sections[i].classList.add('current');
    if (scroll) sections[i].scrollIntoView({block: 'start'});
    if (history.replaceState) history.replaceState(null, '', '#' + sections[i].id);
  }
  function step(dir) {
    for (var i = current + dir; i >= 0 && i < sections.length; i += dir)
      if (!sections[i].hidden) { setCurrent(i, true); return; }
  }
  function setView(sec, view) {
    var stage = sec.querySelector('.stage');
    var btn = sec.querySelector('.views button[data-view="' + view + '"]');
    if (!stage || !btn || btn.disabled) return;
    stage.className = 'stage ' + view;
    sec.querySelectorAll('.views button').forEach(function (b) { b.classList.toggle('on', b === btn); });
  }
  sections.forEach(function (sec, i) {
    sec.querySelectorAll('.views button').forEach(function (b) {
      b.addEventListener('click', function () { setView(sec, b.getAttribute('data-view')); setCurrent(i, false); });
    });
    var swipe = sec.querySelector('.v-swipe input'), onion = sec.querySelector('.v-onion input');
    if (swipe) swipe.addEventListener('input', function () {
      sec.querySelector('.v-swipe img.top').style.clipPath = 'inset(0 ' + (100 - swipe.value) + '% 0 0)';
    });
    if (onion) onion.addEventListener('input', function () {
      sec.querySelector('.v-onion img.top').style.opacity = onion.value / 100;
    });
    var boxes = sec.querySelector('input.boxes');
    if (boxes) boxes.addEventListener('change', function () { sec.classList.toggle('hideboxes', !boxes.checked); });
  });
  chips.forEach(function (c) {
    c.addEventListener('change', applyFilter);
  });
  if (search) search.addEventListener('input', applyFilter);
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.tagName === 'INPUT' && t.type !== 'checkbox' && t.type !== 'range' || t.tagName === 'TEXTAREA')) return;
    var k = e.key.toLowerCase();
    if (k === 'j') { step(1); e.preventDefault(); }
    else if (k === 'k') { step(-1); e.preventDefault(); }
    else if (current >= 0 && '1234'.indexOf(k) >= 0) {
      setView(sections[current], ['side', 'swipe', 'onion', 'diff']['1234'.indexOf(k)]);
    }
  });
  var start = location.hash ? document.getElementById(location.hash.slice(1)) : null;
  applyFilter();
  if (start && sections.indexOf(start) >= 0) setCurrent(sections.indexOf(start), false);
  window.difflensReport = { next: function () { step(1); }, previous: function () { step(-1); },
                            current: function () { return current >= 0 ? sections[current].id : ''; } };
})();
)JS";
}

} // namespace difflens::report::detail
