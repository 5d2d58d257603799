import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built app (pnpm build), served by `vite preview` on http://localhost (a secure context, as
// WebGPU needs), in Debian's Chromium with WebGPU on SwiftShader (Vulkan on the CPU).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--no-sandbox',
  '--headless=new',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const root = fileURLToPath(new URL('..', import.meta.url));
const out = fileURLToPath(new URL('../out/', import.meta.url));
const mnistCnn = fileURLToPath(new URL('../../mnist-cnn/dist/main.js', import.meta.url));
const pytorchFile = fileURLToPath(new URL('../../../packages/conformance/fixtures/mnist-net1-init.safetensors', import.meta.url));

let server: PreviewServer;
let browser: Browser;
let base: string;
/** steps/s and samples/s measured in the page, written to out/speed.json for the README */
const speed: Record<string, unknown> = {};

beforeAll(async () => {
  if (!existsSync(`${root}dist/index.html`)) throw new Error('apps/mnist-web is not built: run pnpm build in apps/mnist-web first');
  mkdirSync(out, { recursive: true });
  server = await preview({
    root,
    logLevel: 'silent',
    preview: { host: 'localhost', port: 4300 + Math.floor(Math.random() * 500), strictPort: false },
  });
  base = server.resolvedUrls!.local[0]!;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

afterAll(async () => {
  writeFileSync(`${out}speed.json`, `${JSON.stringify(speed, null, 2)}\n`);
  await browser?.close();
  await server?.close();
});

interface Opened {
  page: Page;
  /** console errors and warnings, and uncaught errors, so far */
  problems: string[];
}

/** Open the page and wait until the data and the pretrained model are ready. */
async function open(backend: 'webgpu' | 'cpu', viewport = { width: 1280, height: 1000 }): Promise<Opened> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${base}?backend=${backend}`);
  await page.waitForFunction(() => document.body.dataset.state === 'idle', undefined, { timeout: 120_000 });
  expect(await page.textContent('#errors')).toBe('');
  expect(await page.getAttribute('#backend-name', 'data-backend')).toBe(backend);
  return { page, problems };
}

async function setTestImages(page: Page, n: number): Promise<void> {
  await page.fill('#test-samples', String(n));
  await page.dispatchEvent('#test-samples', 'change');
}

/** Train with these form values from random weights; returns test accuracy, frames per second and speed. */
async function train(page: Page, form: Record<string, string>, timeout: number) {
  await page.selectOption('#start-from', 'random');
  for (const [id, v] of Object.entries(form)) await page.fill(`#${id}`, v);
  // frames the page draws while the worker trains (requestAnimationFrame counts)
  await page.evaluate(() => {
    const w = window as unknown as { frames: number; counting: boolean };
    w.frames = 0;
    w.counting = true;
    const tick = () => {
      w.frames++;
      if (w.counting) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const t0 = Date.now();
  await page.click('#start');
  await page.waitForFunction(() => /^(Done|Stopped)/.test(document.getElementById('train-text')!.textContent ?? ''), undefined, {
    timeout,
    polling: 500,
  });
  const seconds = (Date.now() - t0) / 1000;
  const frames = await page.evaluate(() => {
    const w = window as unknown as { frames: number; counting: boolean };
    w.counting = false;
    return w.frames;
  });
  await page.waitForFunction(() => document.body.dataset.state === 'idle', undefined, { timeout: 120_000 });
  const acc = page.locator('#test-accuracy');
  return {
    accuracy: Number(await acc.getAttribute('data-correct')) / Number(await acc.getAttribute('data-total')),
    fps: frames / seconds,
    stepsPerSec: Number(await page.getAttribute('#speed', 'data-steps-per-sec')),
    samplesPerSec: Number(await page.getAttribute('#speed', 'data-samples-per-sec')),
    summary: await page.textContent('#train-text'),
  };
}

/** Load a weights file through the file input and wait for the evaluation the page runs after it. */
async function loadWeights(page: Page, file: string): Promise<void> {
  await page.evaluate(() => delete document.getElementById('test-accuracy')!.dataset.total);
  await page.setInputFiles('#load', file);
  await page.waitForFunction(
    () => document.body.dataset.state === 'idle' && document.getElementById('test-accuracy')!.dataset.total !== undefined,
    undefined,
    { timeout: 120_000 },
  );
  expect(await page.textContent('#model-origin')).toContain(file.slice(file.lastIndexOf('/') + 1));
}

/** Mouse strokes on the drawing pad, in pad coordinates (280 x 280). */
async function draw(page: Page, strokes: [number, number][][]): Promise<void> {
  await page.locator('#pad').scrollIntoViewIfNeeded();
  const box = (await page.locator('#pad').boundingBox())!;
  const k = box.width / 280;
  for (const stroke of strokes) {
    await page.mouse.move(box.x + stroke[0]![0] * k, box.y + stroke[0]![1] * k);
    await page.mouse.down();
    for (const [x, y] of stroke.slice(1)) await page.mouse.move(box.x + x * k, box.y + y * k, { steps: 3 });
    await page.mouse.up();
  }
}

/** The top class for the drawing as it is now (the page answers each change; this waits for the last). */
async function predicted(page: Page): Promise<number> {
  await page.waitForTimeout(200);
  await page.waitForFunction(() => document.getElementById('prediction')!.dataset.fresh === 'true', undefined, { timeout: 60_000 });
  expect(await page.getAttribute('#prediction', 'data-top'), 'nothing drawn').not.toBe('');
  return Number(await page.getAttribute('#prediction', 'data-top'));
}

const ellipse = (cx: number, cy: number, rx: number, ry: number): [number, number][] =>
  Array.from({ length: 41 }, (_, i) => [cx + rx * Math.sin((2 * Math.PI * i) / 40), cy - ry * Math.cos((2 * Math.PI * i) / 40)]);

describe('apps/mnist-web in Chromium', () => {
  let gpu: Opened;
  it('loads on WebGPU with the pretrained model and no console errors or warnings; drawing a 1, a 0 and a 7 (mouse) and a 1 (keyboard) reads them', async () => {
    gpu = await open('webgpu');
    await page(gpu).screenshot({ path: `${out}loaded.png`, fullPage: true });
    await draw(page(gpu), [
      [
        [150, 40],
        [146, 140],
        [142, 240],
      ],
    ]);
    expect(await predicted(page(gpu))).toBe(1);
    await page(gpu).click('#clear');
    await draw(page(gpu), [ellipse(140, 140, 65, 95)]);
    expect(await predicted(page(gpu))).toBe(0);
    await page(gpu).click('#clear');
    await draw(page(gpu), [
      [
        [70, 50],
        [210, 50],
        [120, 250],
      ],
    ]);
    expect(await predicted(page(gpu))).toBe(7);
    await page(gpu)
      .locator('#draw')
      .screenshot({ path: `${out}draw-7.png` });
    // with the keyboard: pen down at the top, then straight down
    await page(gpu).click('#clear');
    await page(gpu).focus('#pad');
    for (let i = 0; i < 6; i++) await page(gpu).keyboard.press('ArrowUp');
    await page(gpu).keyboard.press('Space');
    for (let i = 0; i < 12; i++) await page(gpu).keyboard.press('ArrowDown');
    expect(await predicted(page(gpu))).toBe(1);
    await page(gpu).keyboard.press('Escape');
    await page(gpu).waitForFunction(() => document.getElementById('prediction')!.dataset.top === '');
    expect(gpu.problems).toEqual([]);
  }, 240_000);

  // same seed and settings on both backends: 30 steps of 16 images, evaluated on 500 test images
  const small = { 'train-samples': '480', 'batch-size': '16', lr: '0.05', momentum: '0.5', epochs: '1', seed: '2' };
  let gpuRun: Awaited<ReturnType<typeof train>>;
  it('trains on WebGPU for a short budget past an accuracy floor, keeping at least 30 frames per second', async () => {
    await setTestImages(page(gpu), 500);
    gpuRun = await train(page(gpu), small, 300_000);
    speed.webgpu = { config: small, ...gpuRun };
    await page(gpu).screenshot({ path: `${out}trained-webgpu.png`, fullPage: true });
    expect(gpuRun.summary).toMatch(/^Done: 30 steps/);
    expect(gpuRun.accuracy).toBeGreaterThan(0.3);
    expect(gpuRun.fps).toBeGreaterThanOrEqual(30);
    expect(gpu.problems).toEqual([]);
    await page(gpu).close();
  }, 360_000);

  let cpu: Opened;
  it('trains on the CPU backend: the same short run agrees with WebGPU; a longer one passes a higher floor at 30+ frames per second', async () => {
    cpu = await open('cpu');
    await setTestImages(page(cpu), 500);
    const same = await train(page(cpu), small, 120_000);
    expect(Math.abs(same.accuracy - gpuRun.accuracy)).toBeLessThanOrEqual(0.03);
    await setTestImages(page(cpu), 10_000);
    const cfg = { 'train-samples': '6400', 'batch-size': '64', lr: '0.05', momentum: '0.5', epochs: '1', seed: '2' };
    const run = await train(page(cpu), cfg, 240_000);
    speed.cpu = { config: cfg, ...run, threads: await page(cpu).textContent('#backend-detail') };
    await page(cpu).screenshot({ path: `${out}trained-cpu.png`, fullPage: true });
    // the README's picture: the trained model reading a drawn 3
    await draw(page(cpu), [
      [
        [80, 60],
        [150, 35],
        [205, 75],
        [145, 135],
        [210, 185],
        [150, 245],
        [75, 220],
      ],
    ]);
    await predicted(page(cpu));
    await page(cpu).evaluate(() => window.scrollTo(0, 0));
    await page(cpu).screenshot({ path: `${out}readme.png`, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1330 } });
    expect(run.summary).toMatch(/^Done: 100 steps/);
    expect(run.accuracy).toBeGreaterThan(0.85);
    expect(run.fps).toBeGreaterThanOrEqual(30);
    expect(cpu.problems).toEqual([]);
  }, 360_000);

  it('loads a safetensors file written by apps/mnist-cnn (Net2) and gets the Node app’s test accuracy, as does one written by PyTorch; a bad file gives a readable message', async () => {
    const file = `${out}mnist-cnn-net2.safetensors`;
    const { stdout } = await promisify(execFile)('node', [
      mnistCnn,
      '--model',
      'net2',
      '--limit',
      '2000',
      '--batch-size',
      '32',
      '--lr',
      '0.05',
      '--seed',
      '5',
      '--save',
      file,
      '--out',
      `${out}mnist-cnn`,
    ]);
    const node = /test accuracy (\d+\.\d+)%/.exec(
      stdout
        .split('\n')
        .filter((l) => l.startsWith('summary'))
        .join(''),
    )!;
    const nodeCorrect = Math.round(Number(node[1]) * 100);
    const p = page(cpu);
    // written by PyTorch 1.13 (tooling/fixtures/generate_mnist_runs.py: Net1 as initialised with seed 5)
    const { stdout: fromTorch } = await promisify(execFile)('node', [mnistCnn, '--load', pytorchFile, '--out', `${out}mnist-cnn`]);
    const torchCorrect = Math.round(Number(/test accuracy (\d+\.\d+)%/.exec(fromTorch)![1]) * 100);
    await loadWeights(p, pytorchFile);
    expect(await p.getAttribute('#model-name', 'data-model')).toBe('net1');
    expect(Number(await p.getAttribute('#test-accuracy', 'data-correct'))).toBe(torchCorrect);
    await loadWeights(p, file);
    expect(await p.getAttribute('#model-name', 'data-model')).toBe('net2');
    expect(Number(await p.getAttribute('#test-accuracy', 'data-correct'))).toBe(nodeCorrect);
    expect(await p.getAttribute('#test-accuracy', 'data-total')).toBe('10000');
    await p.setInputFiles('#load', {
      name: 'not-weights.safetensors',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('hello, this is not safetensors'),
    });
    await p.waitForFunction(() => document.getElementById('errors')!.textContent!.includes('not-weights.safetensors'), undefined, {
      timeout: 30_000,
    });
    expect(await p.textContent('#errors')).toMatch(/not-weights\.safetensors is not a safetensors file: .*header/);
    await p.screenshot({ path: `${out}loaded-file.png`, fullPage: true });
    expect(cpu.problems).toEqual([]);
  }, 240_000);

  it('saves the model as safetensors that load back (a download)', async () => {
    const p = page(cpu);
    const [download] = await Promise.all([p.waitForEvent('download'), p.click('#save')]);
    expect(download.suggestedFilename()).toBe('mnist-net2.safetensors');
    const path = `${out}saved-net2.safetensors`;
    await download.saveAs(path);
    const before = await p.getAttribute('#test-accuracy', 'data-correct');
    await loadWeights(p, path);
    expect(await p.getAttribute('#test-accuracy', 'data-correct')).toBe(before);
    // a phone-sized viewport: the layout is one column and nothing scrolls sideways
    await p.setViewportSize({ width: 390, height: 844 });
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await p.screenshot({ path: `${out}phone.png`, fullPage: true });
    expect(cpu.problems).toEqual([]);
  }, 120_000);

  it('pauses, resumes and stops a run; a stopped run is evaluated as it is', async () => {
    const p = page(cpu);
    await setTestImages(p, 1000);
    await p.selectOption('#start-from', 'random');
    for (const [id, v] of Object.entries({ 'train-samples': '60000', 'batch-size': '32', epochs: '2' })) await p.fill(`#${id}`, v);
    const done = () => p.evaluate(() => (document.getElementById('train-progress') as HTMLProgressElement).value);
    await p.click('#start');
    await p.waitForFunction(() => (document.getElementById('train-progress') as HTMLProgressElement).value > 0, undefined, {
      timeout: 60_000,
    });
    await p.click('#pause');
    await p.waitForFunction(() => document.body.dataset.state === 'paused');
    expect(await p.textContent('#pause')).toBe('Resume');
    expect(await p.getAttribute('#pause', 'aria-pressed')).toBe('true');
    // the worker stops at its next report (four a second)
    await p.waitForTimeout(700);
    const paused = await done();
    await p.waitForTimeout(1000);
    expect(await done()).toBe(paused);
    await p.click('#pause');
    await p.waitForFunction((v) => (document.getElementById('train-progress') as HTMLProgressElement).value > v, paused, {
      timeout: 30_000,
    });
    expect(await p.textContent('#pause')).toBe('Pause');
    await p.click('#stop');
    await p.waitForFunction(
      () => document.getElementById('train-text')!.textContent!.startsWith('Stopped') && document.body.dataset.state === 'idle',
      undefined,
      { timeout: 60_000 },
    );
    expect(await p.getAttribute('#test-accuracy', 'data-total')).toBe('1000');
    expect(await done()).toBeLessThan(120_000);
    expect(cpu.problems).toEqual([]);
  }, 120_000);

  it('switches from the CPU backend to WebGPU keeping the weights', async () => {
    const p = page(cpu);
    await setTestImages(p, 300);
    const evaluated = async () => {
      await p.evaluate(() => delete document.getElementById('test-accuracy')!.dataset.total);
      await p.click('#evaluate');
      await p.waitForFunction(
        () => document.body.dataset.state === 'idle' && document.getElementById('test-accuracy')!.dataset.total === '300',
        undefined,
        { timeout: 120_000 },
      );
      return Number(await p.getAttribute('#test-accuracy', 'data-correct'));
    };
    await p.click('#pretrained');
    await p.waitForFunction(
      () =>
        document.body.dataset.state === 'idle' &&
        document.getElementById('model-origin')!.textContent!.includes('pretrained') &&
        document.getElementById('test-accuracy')!.dataset.total === '300',
      undefined,
      { timeout: 60_000 },
    );
    const onCpu = await evaluated();
    await p.check('input[name=backend][value=webgpu]');
    await p.waitForFunction(() => document.getElementById('backend-name')!.dataset.backend === 'webgpu', undefined, { timeout: 60_000 });
    const onGpu = await evaluated();
    // float32 sums in another order: at most a near tie may flip
    expect(Math.abs(onGpu - onCpu)).toBeLessThanOrEqual(1);
    expect(onCpu).toBeGreaterThan(270);
    expect(cpu.problems).toEqual([]);
  }, 180_000);

  it('falls back to the CPU backend with a readable message where the browser has no WebGPU adapter', async () => {
    const plain = await chromium.launch({ executablePath: CHROMIUM, args: ARGS.filter((a) => !a.includes('webgpu')) });
    try {
      const p = await plain.newPage();
      const problems: string[] = [];
      p.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      await p.goto(base);
      await p.waitForFunction(() => document.body.dataset.state === 'idle', undefined, { timeout: 120_000 });
      expect(await p.getAttribute('#backend-name', 'data-backend')).toBe('cpu');
      expect(await p.textContent('#errors')).toMatch(/WebGPU is not available \(.*adapter.*\); training runs on the CPU backend/);
      expect(problems).toEqual([]);
    } finally {
      await plain.close();
    }
  }, 120_000);
});

function page(o: Opened): Page {
  return o.page;
}
