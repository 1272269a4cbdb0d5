#!/usr/bin/env python3
# Writes a long documentation page twice as HTML (B with two small style changes) for a
# real-browser screenshot pair: bench/peers/webpage.sh renders them with headless Chromium.
import html
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCS = ['README.md', 'docs/cli.md', 'docs/review.md', 'docs/performance.md']
CSS = '''body{font-family:"DejaVu Sans",sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
header{background:#1f3a5f;color:white;padding:24px 48px;font-size:28px}
nav{position:fixed;left:0;top:80px;width:260px;padding:16px;background:#e8ecf2;height:100%}
main{margin-left:300px;padding:24px 48px;max-width:2900px}
section{background:white;border-radius:10px;box-shadow:0 1px 3px #0002;padding:24px;margin-bottom:28px}
h1{color:#1f3a5f}h2{border-bottom:1px solid #ddd}
.row span{display:inline-block;min-width:220px;padding:2px 8px;border-bottom:1px solid #eee}
p{line-height:1.5;font-size:17px}'''
CHANGE = 'section:nth-child(2) h2{color:#b03030} .row:nth-of-type(7) span{font-weight:bold}'


def to_html(text):
    out = []
    for line in text.split('\n'):
        e = html.escape(line)
        if line.startswith('### '):
            out.append('<h3>%s</h3>' % e[4:])
        elif line.startswith('## '):
            out.append('<h2>%s</h2>' % e[3:])
        elif line.startswith('# '):
            out.append('<h1>%s</h1>' % e[2:])
        elif line.startswith('|'):
            cells = ' '.join('<span>%s</span>' % c.strip() for c in e.strip('|').split('|'))
            out.append('<div class=row>%s</div>' % cells)
        elif line.startswith('```'):
            out.append('<hr>')
        else:
            out.append('<p>%s</p>' % e)
    return '\n'.join(out)


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: webpage_pair.py OUT_A.html OUT_B.html')
    body = ''.join('<section>%s</section>' % to_html(open(os.path.join(ROOT, d)).read()) for d in DOCS)
    for path, extra in ((sys.argv[1], ''), (sys.argv[2], CHANGE)):
        with open(path, 'w') as f:
            f.write('<!doctype html><html><head><meta charset=utf-8><style>%s %s</style></head><body>'
                    '<header>DiffLens documentation</header><nav>Overview<br>CLI<br>Review<br>Performance</nav>'
                    '<main>%s</main></body></html>' % (CSS, extra, body))


main()
