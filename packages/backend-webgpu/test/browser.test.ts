import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { hasBackend } from '@torchlet/tensor';
import { registerCpuBackend } from '@torchlet/backend-cpu';
import '@torchlet/autograd';
import { cnnForwardBackward, type CnnResult } from './browser/cnn.js';

// Debian's chromium brings SwiftShader, so WebGPU runs without a GPU; no browser is downloaded.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let server: Server;
let browser: Browser;
let url: string;

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
  const html = '<!doctype html><meta charset="utf-8"><title>torchlet webgpu</title><script type="module" src="/bundle.js"></script>';
  server = createServer((req, res) => {
    if (req.url === '/bundle.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    else if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  if (!hasBackend('cpu')) registerCpuBackend();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

it('a CNN forward and backward on webgpu in the browser matches the cpu backend', async () => {
  const page = await browser.newPage();
  const logs: string[] = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => window.torchlet && window.torchlet.backend !== 'pending', undefined, { timeout: 60_000 });
  const state = await page.evaluate(() => ({ backend: window.torchlet.backend, error: window.torchlet.error }));
  expect(state, logs.join('\n')).toEqual({ backend: 'webgpu', error: undefined });
  expect(await page.evaluate(() => typeof navigator.gpu)).toBe('object');

  const gpu = (await page.evaluate((seed) => window.torchlet.run('webgpu', seed), 7)) as CnnResult;
  const cpu = await cnnForwardBackward('cpu', 7);
  expect(gpu.device).toBe('webgpu');
  expect(cpu.device).toBe('cpu');
  expect(gpu.loss).toBeGreaterThan(1);
  expect(Math.abs(gpu.loss - cpu.loss)).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(cpu.loss));
  for (const [name, expected] of Object.entries(cpu.grads)) {
    const got = gpu.grads[name]!;
    expect(got, name).toHaveLength(expected.length);
    const scale = Math.max(...expected.map(Math.abs));
    const worst = Math.max(...expected.map((e, i) => Math.abs(got[i]! - e)));
    expect(worst, `${name}: largest difference ${worst} (largest gradient ${scale})`).toBeLessThanOrEqual(1e-5 + 1e-4 * scale);
  }
  await page.close();
});
