// Compares every pair listed on stdin ("baseline\tcurrent" lines) with pixelmatch in one
// Node process (no per-pair process start), printing the number of differing pairs.
// run.sh copies this file next to the temporary node_modules so the imports resolve.
import fs from 'node:fs';
import pngjs from 'pngjs';
import pixelmatch from 'pixelmatch';

const {PNG} = pngjs;
const lines = fs.readFileSync(0, 'utf8').split('\n').filter(Boolean);
let different = 0;
for (const line of lines) {
    const [a, b] = line.split('\t');
    const img1 = PNG.sync.read(fs.readFileSync(a));
    const img2 = PNG.sync.read(fs.readFileSync(b));
    if (img1.width !== img2.width || img1.height !== img2.height) {
        different++;
        continue;
    }
    const n = pixelmatch(img1.data, img2.data, null, img1.width, img1.height, {threshold: 0.1});
    if (n > 0)
        different++;
}
console.log(`pixelmatch: ${different} of ${lines.length} pairs differ`);
