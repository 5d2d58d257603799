import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserEntries, publicPackages } from '../src/packages.js';
import { esbuildBrowser, viteBrowser } from '../src/bundle-check.js';

// Every entry of every public package (except the Node-only ./node ones) bundles for browsers
// with esbuild and with Vite: no Node built-in reaches the bundle, and neither tool warns.
const HERE = fileURLToPath(new URL('..', import.meta.url));
const entries = browserEntries();
let dir: string;
const files: Record<string, string> = {};

beforeAll(() => {
  mkdirSync(join(HERE, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(HERE, '.tmp', 'bundle-'));
  entries.forEach((spec, i) => {
    // keep every export alive, so nothing is tree-shaken away before the check
    files[spec] = join(dir, `entry${i}.js`);
    writeFileSync(files[spec], `import * as m from '${spec}';\nglobalThis.__torchlet_${i} = m;\n`);
  });
  // what @torchlet/nn did before its file helpers moved to ./node: the checks must catch it
  writeFileSync(
    join(dir, 'lib.js'),
    "export async function read(p) { const fs = await import('node:fs/promises'); return fs.readFile(p); }\n",
  );
  writeFileSync(join(dir, 'probe.js'), "import { read } from './lib.js';\nglobalThis.read = read;\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('browser bundles', () => {
  it('checks every public package', () => {
    expect(publicPackages().map((p) => p.name)).toEqual(
      expect.arrayContaining(['torchlet', '@torchlet/nn', '@torchlet/conformance', '@torchlet/onnx']),
    );
    expect(entries).toContain('@torchlet/nn');
    expect(entries).not.toContain('@torchlet/nn/node');
  });

  it('the checks catch a Node built-in behind a dynamic import', async () => {
    expect((await esbuildBrowser(join(dir, 'probe.js'))).problems.join()).toMatch(/Could not resolve "node:fs\/promises"/);
    expect((await viteBrowser(dir, [join(dir, 'probe.js')])).problems.join()).toMatch(
      /"node:fs\/promises" has been externalized for browser compatibility/,
    );
  }, 60_000);

  it('esbuild (platform browser) bundles every entry with no warnings and no Node built-ins', async () => {
    for (const spec of entries) {
      const r = await esbuildBrowser(files[spec]!);
      expect({ spec, problems: r.problems, builtins: r.builtins }).toEqual({ spec, problems: [], builtins: [] });
      expect(r.code.length).toBeGreaterThan(1000);
    }
  }, 120_000);

  it('Vite bundles every entry with no warnings and no Node built-ins', async () => {
    const r = await viteBrowser(dir, Object.values(files));
    expect({ problems: r.problems, builtins: r.builtins }).toEqual({ problems: [], builtins: [] });
    expect(r.code).toMatch(/Linear/);
  }, 180_000);
});
