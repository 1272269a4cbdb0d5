// Prints the mismatch count of the real pixelmatch 7.2.0 (default options) for each PNG pair listed in a file.
//
// Usage: node bench/huge/crop_counts.mjs NPM_DIR LIST
//   NPM_DIR  folder where `npm install --prefix NPM_DIR pixelmatch@7.2.0 pngjs@7` was run
//   LIST     text file, one pair per line: "A.png<TAB>B.png"
// Output: one line per pair, "<count>", in the order of LIST. Exit 2 on any error.
//
// The packages live outside the repository, so they are loaded from NPM_DIR explicitly
// (an ESM import resolves from this script's folder, not from NODE_PATH).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [npmDir, listPath] = process.argv.slice(2);
if (!npmDir || !listPath) {
    console.error('usage: node crop_counts.mjs NPM_DIR LIST');
    process.exit(2);
}
const modules = path.resolve(npmDir, 'node_modules');
const pmPkg = JSON.parse(fs.readFileSync(path.join(modules, 'pixelmatch', 'package.json'), 'utf8'));
if (pmPkg.version !== '7.2.0') {
    console.error(`crop_counts.mjs: expected pixelmatch 7.2.0 in ${modules}, found ${pmPkg.version}`);
    process.exit(2);
}
// import pixelmatch from 'pixelmatch' (7.2.0 is ESM), resolved in NPM_DIR.
const { default: pixelmatch } = await import(pathToFileURL(path.join(modules, 'pixelmatch', 'index.js')).href);
const { PNG } = createRequire(path.join(modules, 'x.js'))('pngjs');

const lines = fs.readFileSync(listPath, 'utf8').split('\n').filter((l) => l.trim() !== '');
const out = [];
for (const line of lines) {
    const [pa, pb] = line.split('\t');
    const a = PNG.sync.read(fs.readFileSync(pa));
    const b = PNG.sync.read(fs.readFileSync(pb));
    if (a.width !== b.width || a.height !== b.height) {
        console.error(`crop_counts.mjs: size mismatch: ${pa} ${a.width}x${a.height}, ${pb} ${b.width}x${b.height}`);
        process.exit(2);
    }
    // pngjs always hands out RGBA8; default options: threshold 0.1, includeAA false.
    out.push(String(pixelmatch(a.data, b.data, null, a.width, a.height)));
}
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
