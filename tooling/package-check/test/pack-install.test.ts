import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { publicPackages } from '../src/packages.js';
import { esbuildBrowser, viteBrowser } from '../src/bundle-check.js';

// The guard: the packages as an npm user gets them. Pack every public package, install the
// tarballs with npm into a project outside the workspace, then type-check consumer programs in
// four setups, run the tutorial in Node ESM and CJS, bundle it with esbuild and Vite and run it
// in headless Chromium, and hold `npm install torchlet` to its size budget.
const BUDGET_BYTES = 5 * 1024 * 1024;
const CONSUMER = fileURLToPath(new URL('../consumer/', import.meta.url));
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ATTW = fileURLToPath(new URL('../node_modules/@arethetypeswrong/cli/dist/index.js', import.meta.url));
const npmEnv = {
  ...process.env,
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_loglevel: 'error',
};

let work: string;
let proj: string;
const tarballs: Record<string, string> = {};
let torchletInstallBytes = 0;

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) n += dirBytes(p);
    else if (e.isFile()) n += statSync(p).size;
  }
  return n;
}

// async, so the test worker stays responsive while npm and tsc run
const run = async (cmd: string, args: string[], cwd: string) =>
  (await promisify(execFile)(cmd, args, { cwd, env: npmEnv, encoding: 'utf8', maxBuffer: 64 << 20 })).stdout;
const tsc = async (config: string) => {
  try {
    await run(process.execPath, [TSC, '-p', config], proj);
    return '';
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e);
  }
};
/** the compiled program of a Node setup (the type-check test emits it; compiled here if that did not run) */
const compiled = async (setup: string, file: string) => {
  if (!existsSync(join(proj, file))) expect(await tsc(`tsconfig.${setup}.json`)).toBe('');
  return file;
};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'torchlet-pack-'));
  const packs = join(work, 'packs');
  mkdirSync(packs);
  // pnpm pack turns workspace:^ ranges into the real versions, as publishing does
  for (const p of publicPackages()) {
    const out = (await run('pnpm', ['pack', '--pack-destination', packs], p.dir)).trim().split('\n').pop()!;
    tarballs[p.name] = out.startsWith('/') ? out : join(packs, out);
  }
  proj = join(work, 'app');
  mkdirSync(proj);
  // every @torchlet/* range resolves to its tarball, never to the registry
  const overrides = Object.fromEntries(Object.entries(tarballs).map(([n, t]) => [n, `file:${t}`]));
  const manifest = (dependencies: Record<string, string>) =>
    writeFileSync(
      join(proj, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies, overrides }, null, 2),
    );
  manifest({ torchlet: overrides.torchlet! });
  await run('npm', ['install', '--ignore-scripts'], proj);
  torchletInstallBytes = dirBytes(join(proj, 'node_modules'));
  // then the rest, and @types/node for the Node setups (conformance's vitest peer is left out)
  manifest({ ...overrides, '@types/node': '20.19.25' });
  await run('npm', ['install', '--ignore-scripts', '--legacy-peer-deps'], proj);
  cpSync(CONSUMER, proj, { recursive: true });
  const base = { strict: true, skipLibCheck: false, target: 'ES2022', noEmit: true, isolatedModules: true, verbatimModuleSyntax: false };
  const configs: Record<string, object> = {
    'tsconfig.node-esm.json': {
      compilerOptions: { ...base, module: 'nodenext', types: ['node'], noEmit: false, outDir: 'out' },
      include: ['node/main.ts', 'shared/tutorial.ts'],
    },
    'tsconfig.node-cjs.json': {
      compilerOptions: { ...base, module: 'nodenext', types: ['node'], noEmit: false, outDir: 'out-cjs' },
      include: ['cjs/main.cts'],
    },
    'tsconfig.browser.json': {
      compilerOptions: { ...base, module: 'esnext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [] },
      include: ['browser/main.ts', 'shared/tutorial.ts'],
    },
    'tsconfig.node-nodom.json': {
      compilerOptions: { ...base, module: 'nodenext', lib: ['ES2022'], types: ['node'] },
      include: ['node/main.ts', 'shared/tutorial.ts'],
    },
  };
  for (const [f, c] of Object.entries(configs)) writeFileSync(join(proj, f), JSON.stringify(c, null, 2));
}, 600_000);

afterAll(() => {
  if (work && !process.env.KEEP_PACK_DIR) rmSync(work, { recursive: true, force: true });
});

describe('pack and install (the guard)', () => {
  it(`npm install torchlet stays within ${BUDGET_BYTES / 2 ** 20} MB (Dawn is an opt-in peer)`, () => {
    expect(torchletInstallBytes).toBeGreaterThan(100_000);
    expect(torchletInstallBytes).toBeLessThanOrEqual(BUDGET_BYTES);
    console.log(`npm install torchlet: ${(torchletInstallBytes / 2 ** 20).toFixed(2)} MB`);
  });

  it('every tarball has a LICENSE, and conformance ships its fixtures once', async () => {
    for (const [name, t] of Object.entries(tarballs)) {
      const files = (await run('tar', ['-tzf', t], work)).split('\n').filter(Boolean);
      expect(files, name).toContain('package/LICENSE');
      expect(
        files.filter((f) => f.endsWith('.cjs') || f.endsWith('.d.cts')),
        name,
      ).toEqual([]);
      if (name === '@torchlet/conformance') {
        const big = files.filter((f) => f.endsWith('.json') && !f.endsWith('package.json'));
        expect(
          big.every((f) => f.startsWith('package/fixtures/')),
          big.join(),
        ).toBe(true);
        expect(statSync(t).size).toBeLessThan(2.25e6);
      }
    }
  });

  it('publint (strict, suggestions included) finds nothing in any tarball', async () => {
    for (const [name, t] of Object.entries(tarballs)) {
      const buf = readFileSync(t);
      const { messages, pkg } = await publint({
        pack: { tarball: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer },
        level: 'suggestion',
        strict: true,
      });
      expect(
        messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`),
        name,
      ).toEqual([]);
    }
  }, 120_000);

  // The packages are ESM only, by design (see the README): the esm-only profile leaves out
  // the node10 resolution (no `exports` support, so './node' subpaths do not resolve) and
  // require() from CommonJS (ESM, which Node >= 20.19 loads; the CJS test below runs it).
  it('are the types wrong (esm-only profile): no problems in any tarball', async () => {
    const ignoredResolutions = ['node10', 'node16-cjs'];
    for (const [name, t] of Object.entries(tarballs)) {
      let out: string;
      try {
        out = await run(process.execPath, [ATTW, t, '--profile', 'esm-only', '--format', 'json'], work);
      } catch (e) {
        out = String((e as { stdout?: string }).stdout ?? e);
      }
      const report = JSON.parse(out) as {
        analysis: { types: unknown; problems: { kind: string; entrypoint?: string; resolutionKind?: string }[] };
      };
      expect(report.analysis.types, name).toBeTruthy();
      const problems = report.analysis.problems.filter((p) => !ignoredResolutions.includes(p.resolutionKind ?? ''));
      expect(problems, name).toEqual([]);
    }
  }, 300_000);

  it.each(['node-esm', 'node-cjs', 'browser', 'node-nodom'])(
    'type-checks in the %s setup (strict, skipLibCheck false)',
    async (setup) => {
      expect(await tsc(`tsconfig.${setup}.json`)).toBe('');
    },
    120_000,
  );

  it('runs the tutorial in Node ESM: tensors, autograd [27, 12], Net1, training, files, ONNX, ready() without webgpu', async () => {
    const out = JSON.parse(await run(process.execPath, [await compiled('node-esm', 'out/node/main.js')], proj));
    expect(out.lines[0]).toBe('tensor([[2, 3],\n        [4, 5]])');
    expect(out.lines[1]).toBe('tensor([27., 12.])');
    expect(out.lines[2]).toMatch(/^Net1\(\n {2}\(conv1\): Conv2d\(1, 10, kernel_size=\(5, 5\), stride=\(1, 1\)\)\n/);
    expect(out.losses.at(-1)).toBeLessThan(out.losses[0]);
    expect(out.same).toBe(true);
    expect(out.onnxBytes).toBeGreaterThan(10_000);
    expect(out.backend).toBe('cpu');
    expect(out.notices).toHaveLength(1);
    expect(out.notices[0]).toMatch(/'webgpu' is unavailable \(.*npm install webgpu.*\); falling back to 'cpu'/);
  }, 120_000);

  it('runs the tutorial in Node CJS (require) with one copy of each package', async () => {
    const out = JSON.parse(await run(process.execPath, [await compiled('node-cjs', 'out-cjs/main.cjs')], proj));
    expect(out.lines[1]).toBe('tensor([27., 12.])');
    expect(out.lines[2]).toMatch(/^Net1\(\n/);
    expect(out.losses.at(-1)).toBeLessThan(out.losses[0]);
    expect(out.shared).toBe(true);
  }, 120_000);

  describe('in headless Chromium', () => {
    let server: Server;
    let base = '';
    const pages: Record<string, Record<string, string>> = {};
    beforeAll(async () => {
      const html = (src: string) =>
        `<!doctype html><meta charset="utf-8"><title>t</title><link rel="icon" href="data:,"><script type="module" src="${src}"></script>`;
      const eb = await esbuildBrowser(join(proj, 'browser/main.ts'), { minify: true });
      expect(eb.problems).toEqual([]);
      pages.esbuild = { '/': html('/main.js'), '/main.js': eb.code };
      const vite = await viteBrowser(join(proj, 'browser'), [join(proj, 'browser/index.html')], { minify: true, outputs: true });
      expect(vite.problems).toEqual([]);
      pages.vite = { ...vite.files!, '/': vite.files!['/index.html']! };
      server = createServer((req, res) => {
        const [site, ...rest] = (req.url ?? '/').slice(1).split('/');
        const body = pages[site!]?.[`/${rest.join('/')}`];
        if (body === undefined) return void res.writeHead(404).end();
        res
          .writeHead(200, { 'content-type': extname(req.url ?? '') === '.js' ? 'text/javascript' : 'text/html' })
          .end(body.replaceAll('src="/', `src="/${site}/`));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const a = server.address();
      base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    }, 300_000);
    afterAll(() => new Promise((r) => server?.close(r)));

    it.each(['esbuild', 'vite'])(
      'the %s bundle trains in the page with no console errors',
      async (site) => {
        const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless=new', '--disable-gpu'] });
        try {
          const page = await browser.newPage();
          const logs: string[] = [];
          page.on('console', (m) => void (['error', 'warning'].includes(m.type()) && logs.push(`${m.type()}: ${m.text()}`)));
          page.on('pageerror', (e) => void logs.push(`pageerror: ${e.message}`));
          await page.goto(`${base}/${site}/`);
          await page.waitForFunction(
            () => (window as { __result?: unknown; __error?: unknown }).__result ?? (window as { __error?: unknown }).__error,
            null,
            { timeout: 60_000 },
          );
          const { result, error } = await page.evaluate(() => ({
            result: (window as { __result?: { lines: string[]; losses: number[] } }).__result,
            error: (window as { __error?: string }).__error,
          }));
          expect(error).toBeUndefined();
          expect(result!.lines[1]).toBe('tensor([27., 12.])');
          expect(result!.lines[2]).toMatch(/^Net1\(\n {2}\(conv1\): Conv2d\(1, 10/);
          expect(result!.losses.at(-1)).toBeLessThan(result!.losses[0]!);
          expect(logs).toEqual([]);
        } finally {
          await browser.close();
        }
      },
      120_000,
    );
  });
});
