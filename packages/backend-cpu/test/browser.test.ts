import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import '@torchlet/autograd';
import { registerCpuBackend } from '../src/index.js';
import { trainSteps, type TrainResult } from './browser/train.js';

// The WebAssembly engine in Debian's Chromium: on the page's main thread (modules compiled
// synchronously there) and in a Web Worker, without and with cross-origin isolation (shared
// memory and worker threads only with it). Results must match Node's.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let server: Server;
let browser: Browser;
let base: string;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./browser/entry.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const js = bundle.outputFiles[0]!.text;
  const html = '<!doctype html><meta charset="utf-8"><title>torchlet cpu</title><script type="module" src="/bundle.js"></script>';
  server = createServer((req, res) => {
    // /isolated/ pages are cross-origin isolated (COOP + COEP): SharedArrayBuffer exists there
    const isolated = req.url?.startsWith('/isolated');
    const headers = isolated ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } : {};
    const path = req.url?.replace('/isolated', '') ?? '/';
    if (path === '/bundle.js') res.writeHead(200, { 'content-type': 'text/javascript', ...headers }).end(js);
    else if (path === '/')
      res
        .writeHead(200, { 'content-type': 'text/html', ...headers })
        .end(html.replace('/bundle.js', isolated ? '/isolated/bundle.js' : '/bundle.js'));
    else if (path === '/favicon.ico') res.writeHead(204).end();
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  registerCpuBackend();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function runPage(path: string): Promise<{ main: TrainResult; worker: TrainResult; isolated: boolean }> {
  const page = await browser.newPage();
  const logs: string[] = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  await page.goto(base + path);
  try {
    await page.waitForFunction(() => window.torchlet && (window.torchlet.error || window.torchlet.worker), undefined, { timeout: 60_000 });
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${logs.join('\n')}\n${JSON.stringify(await page.evaluate(() => window.torchlet ?? null))}`);
  }
  const out = await page.evaluate(() => ({ ...window.torchlet, isolated: crossOriginIsolated }));
  expect(out.error, logs.join('\n')).toBeUndefined();
  expect(logs.filter((l) => l.startsWith('error') || l.startsWith('pageerror') || l.startsWith('warning'))).toEqual([]);
  await page.close();
  return out as { main: TrainResult; worker: TrainResult; isolated: boolean };
}

function sameAsNode(r: TrainResult, node: TrainResult): void {
  expect(r.engine).toBe('WasmCpuBackend');
  r.losses.forEach((l, i) => {
    expect(Math.abs(l - node.losses[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(node.losses[i]!)));
  });
  expect(Math.abs(r.checksum - node.checksum)).toBeLessThan(1e-4 * Math.max(1, Math.abs(node.checksum)));
}

describe('the WebAssembly CPU engine in Chromium', () => {
  it('trains on the main thread and in a worker as in Node, single-threaded without isolation', async () => {
    const node = trainSteps('cpu');
    const { main, worker, isolated } = await runPage('/');
    expect(isolated).toBe(false);
    sameAsNode(main, node);
    sameAsNode(worker, node);
    expect(main.threads).toBe(1);
    expect(main.threadJobs).toBe(0);
  }, 180_000);
  it('uses shared memory and worker threads on a cross-origin isolated page', async () => {
    const node = trainSteps('cpu');
    const { main, worker, isolated } = await runPage('/isolated/');
    expect(isolated).toBe(true);
    sameAsNode(main, node);
    sameAsNode(worker, node);
    expect(main.threads).toBeGreaterThan(1);
    expect(main.threadJobs).toBeGreaterThan(0);
    expect(worker.threadJobs).toBeGreaterThan(0);
  }, 180_000);
});
