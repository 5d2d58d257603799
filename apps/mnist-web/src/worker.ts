// The training worker: data, model, training, evaluation and prediction, off the page's thread.
import * as torch from 'torchlet';
import type { BackendChoice, Evaluation, FromWorker, ModelKind, Progress, ToWorker, TrainConfig } from './protocol.js';
import { createModel, kindOfStateDict, toModelKeys } from './models.js';
import { loadMnist, type Mnist } from './data.js';

const post = (msg: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(msg, transfer);
const fail = (where: string, e: unknown) => post({ type: 'error', where, message: e instanceof Error ? e.message : String(e) });

/** reports per second while training: each one reads the device once and lets messages in */
const REPORT_MS = 250;
const WRONG_SHOWN = 48;

let backend: BackendChoice = 'cpu';
let kind: ModelKind = 'net1';
let model: torch.nn.Module | null = null;
let data: Mnist | null = null;
let state: 'idle' | 'training' | 'paused' | 'evaluating' = 'idle';
let stopRequested = false;
let testSamples = 10_000;
let resume: (() => void) | null = null;
/** work that must not interleave (training, evaluation, loading, switching backends) runs in this chain */
let queue: Promise<unknown> = Promise.resolve();

function setState(s: typeof state): void {
  state = s;
  post({ type: 'state', state: s });
}

/** yield to the event loop so that pause, stop and predict messages are handled */
const tick = () => new Promise<void>((r) => setTimeout(r, 0));

async function useBackend(choice: BackendChoice | 'auto'): Promise<void> {
  let notice: string | undefined;
  const hasGpu = typeof navigator !== 'undefined' && 'gpu' in navigator && !!navigator.gpu;
  const wanted: BackendChoice = choice === 'auto' ? (hasGpu ? 'webgpu' : 'cpu') : choice;
  // keep the weights across the switch: through safetensors bytes, which every backend reads and writes
  const saved = model ? await torch.nn.save(model.stateDict()) : null;
  if (wanted === 'webgpu') {
    try {
      if (!hasGpu) throw new Error('this browser has no WebGPU (navigator.gpu is missing)');
      await torch.setBackend('webgpu');
      backend = 'webgpu';
    } catch (e) {
      notice = `WebGPU is not available (${(e as Error).message.split('\n')[0]}); training runs on the CPU backend (WebAssembly) instead.`;
      await torch.setBackend('cpu');
      backend = 'cpu';
    }
  } else {
    await torch.setBackend('cpu');
    backend = 'cpu';
  }
  if (saved) {
    model = createModel(kind);
    model.loadStateDict(torch.nn.load(saved, { device: backend }));
  }
  const cpu = torch.getBackend('cpu') as unknown as { threads?: number };
  post({ type: 'ready', backend, webgpu: hasGpu, notice, threads: backend === 'cpu' ? (cpu.threads ?? 1) : 1 });
}

async function ensureData(): Promise<Mnist> {
  if (!data) {
    data = await loadMnist((loaded, total) => post({ type: 'data', loaded, total, done: false }));
    post({ type: 'data', loaded: 1, total: 1, done: true, source: data.source });
  }
  return data;
}

async function usePretrained(which: ModelKind): Promise<void> {
  const res = await fetch(new URL(`${import.meta.env.BASE_URL}pretrained/net1.safetensors`, self.location.origin));
  if (!res.ok) throw new Error(`the pretrained weights answered HTTP ${res.status}; rebuild the app (pnpm build)`);
  const dict = torch.nn.load(await res.arrayBuffer(), { device: backend });
  kind = which;
  torch.manualSeed(0);
  model = createModel(which);
  model.loadStateDict(toModelKeys(dict, which));
  post({ type: 'model', model: which, origin: 'pretrained (apps/mnist-cnn, one epoch)' });
}

async function loadWeights(bytes: ArrayBuffer, name: string): Promise<void> {
  let dict: torch.nn.StateDict;
  try {
    dict = torch.nn.load(bytes, { device: backend });
  } catch (e) {
    throw new Error(`${name} is not a safetensors file: ${(e as Error).message}`);
  }
  const which = kindOfStateDict(dict, name);
  const next = createModel(which);
  next.loadStateDict(dict);
  kind = which;
  model = next;
  post({ type: 'model', model: which, origin: name });
}

async function evaluate(): Promise<Evaluation> {
  const { test } = await ensureData();
  if (!model) throw new Error('there is no model yet: train one, start from the pretrained weights or load a file');
  const t0 = performance.now();
  const m = model;
  m.train(false);
  const confusion = new Array<number>(100).fill(0);
  const wrong: Evaluation['wrong'] = [];
  let correct = 0;
  let lossSum = 0;
  let base = 0;
  const n = Math.min(testSamples, test.dataset.length);
  const set =
    n < test.dataset.length
      ? new torch.Subset(
          test.dataset,
          Array.from({ length: n }, (_, i) => i),
        )
      : test.dataset;
  for await (const [x, y] of new torch.DataLoader(set, { batchSize: 1000 })) {
    const out = torch.noGrad(() => m.call(x));
    lossSum += await torch.noGrad(() => out.gather(1, y.unsqueeze(1)).sum().neg()).item();
    const pred = (await out.argmax(1).data()) as Int32Array;
    const labels = (await y.data()) as Int32Array;
    for (let i = 0; i < labels.length; i++) {
      const t = labels[i]!;
      const p = pred[i]!;
      confusion[t * 10 + p]!++;
      if (t === p) correct++;
      else if (wrong.length < WRONG_SHOWN)
        wrong.push({ index: base + i, label: t, pred: p, pixels: test.images.slice((base + i) * 784, (base + i + 1) * 784) });
    }
    base += labels.length;
    await tick();
  }
  m.train(true);
  return {
    accuracy: correct / base,
    correct,
    total: base,
    loss: lossSum / base,
    confusion,
    wrong,
    seconds: (performance.now() - t0) / 1000,
  };
}

async function train(cfg: TrainConfig): Promise<void> {
  const { train: trainSet } = await ensureData();
  torch.manualSeed(cfg.seed);
  if (cfg.startFrom === 'pretrained') await usePretrained(cfg.model);
  else if (cfg.startFrom === 'random' || !model || kind !== cfg.model) {
    kind = cfg.model;
    model = createModel(kind);
    post({ type: 'model', model: kind, origin: 'random initialisation' });
  }
  const m = model!;
  m.train(true);
  const opt = new torch.optim.SGD(m.parameters(), { lr: cfg.lr, momentum: cfg.momentum });
  const n = Math.min(cfg.trainSamples, trainSet.dataset.length);
  const subset =
    n < trainSet.dataset.length
      ? new torch.Subset(
          trainSet.dataset,
          Array.from({ length: n }, (_, i) => i),
        )
      : trainSet.dataset;
  stopRequested = false;
  setState('training');
  const t0 = performance.now();
  // time not spent training: pauses and the evaluations after each epoch
  let pausedMs = 0;
  let step = 0;
  let samples = 0;
  const totalSamples = n * cfg.epochs;
  outer: for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
    const loader = new torch.DataLoader(subset, { batchSize: cfg.batchSize, shuffle: true, seed: cfg.seed + epoch - 1 });
    // sums since the last report stay on the device and are read once per report
    let lossSum = torch.zeros([]);
    let correctSum = torch.zeros([], { dtype: 'int32' });
    let inWindow = 0;
    let done = 0;
    let lastReport = performance.now();
    let windowStart = { t: performance.now() - pausedMs, samples, step };
    for await (const [x, y] of loader) {
      if (stopRequested) break outer;
      const b = y.shape[0]!;
      opt.zeroGrad();
      const output = m.call(x);
      const loss = torch.F.nllLoss(output, y);
      loss.backward();
      opt.step();
      torch.noGrad(() => {
        lossSum = lossSum.add(loss.detach().mul(b));
        correctSum = correctSum.add(output.detach().argmax(1).eq(y).int().sum());
      });
      inWindow += b;
      done += b;
      samples += b;
      step++;
      const now = performance.now();
      if (now - lastReport >= REPORT_MS || done === n) {
        const loss = (await lossSum.item()) / inWindow;
        const accuracy = (await correctSum.item()) / inWindow;
        const t = performance.now() - pausedMs;
        const secs = Math.max(1e-3, (t - windowStart.t) / 1000);
        const samplesPerSec = (samples - windowStart.samples) / secs;
        const progress: Progress = {
          epoch,
          epochs: cfg.epochs,
          done,
          total: n,
          step,
          loss,
          accuracy,
          samplesPerSec,
          stepsPerSec: (step - windowStart.step) / secs,
          etaSec: (totalSamples - samples) / Math.max(1e-9, samples / Math.max(1e-3, (t - t0) / 1000)),
        };
        post({ type: 'progress', progress });
        lossSum = torch.zeros([]);
        correctSum = torch.zeros([], { dtype: 'int32' });
        inWindow = 0;
        windowStart = { t, samples, step };
        await tick();
        if (state === 'paused') {
          const p0 = performance.now();
          await new Promise<void>((r) => (resume = r));
          pausedMs += performance.now() - p0;
          windowStart.t = performance.now() - pausedMs;
        }
        lastReport = performance.now();
      }
    }
    if (stopRequested) break;
    setState('evaluating');
    const e0 = performance.now();
    post({ type: 'epoch', epoch, evaluation: await evaluate() });
    pausedMs += performance.now() - e0;
    setState('training');
  }
  const stopped = stopRequested;
  post({ type: 'trained', stopped, seconds: (performance.now() - t0 - pausedMs) / 1000, steps: step, samples });
  if (stopped) await postEvaluation();
  else setState('idle');
}

async function predict(id: number, input: Float32Array): Promise<void> {
  if (!model) return;
  const m = model;
  const x = torch.fromTypedArray(input, [1, 1, 28, 28]);
  const logp = torch.noGrad(() => m.call(x));
  const probs = Array.from((await logp.exp().data()) as Float32Array);
  post({ type: 'prediction', id, probs });
}

/** Evaluate the model as it is now and send the result to the page. */
async function postEvaluation(): Promise<void> {
  setState('evaluating');
  post({ type: 'evaluation', evaluation: await evaluate() });
  setState('idle');
}

/** Let a paused training loop go on (to train or to stop). */
function wake(): void {
  setState('training');
  resume?.();
  resume = null;
}

/** Run `fn` after the work queued before it; report its failure as an error message. */
function enqueue(where: string, fn: () => Promise<void>): void {
  queue = queue.then(fn).catch((e) => {
    if (state !== 'idle') setState('idle');
    fail(where, e);
  });
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'init':
      torch.setBackendNotice((m) => post({ type: 'error', where: 'backend', message: m }));
      enqueue('start', async () => {
        await useBackend(msg.backend);
        await ensureData();
        await usePretrained(kind);
      });
      break;
    case 'backend':
      enqueue('backend', () => useBackend(msg.backend));
      break;
    case 'train':
      enqueue('training', () => train(msg.config));
      break;
    case 'testSamples':
      testSamples = Math.max(1, Math.round(msg.n));
      break;
    case 'pause':
      if (state === 'training') setState('paused');
      break;
    case 'resume':
      if (state === 'paused') wake();
      break;
    case 'stop':
      stopRequested = true;
      if (state === 'paused') wake();
      break;
    case 'evaluate':
      enqueue('evaluation', postEvaluation);
      break;
    case 'predict':
      // predictions run between training steps, not after the whole run
      predict(msg.id, msg.input).catch((err) => fail('prediction', err));
      break;
    case 'save':
      enqueue('saving', async () => {
        if (!model) throw new Error('there is no model to save yet');
        const bytes = await torch.nn.save(model.stateDict());
        post({ type: 'saved', bytes: bytes.buffer as ArrayBuffer, model: kind }, [bytes.buffer as ArrayBuffer]);
      });
      break;
    case 'load':
      enqueue('loading weights', async () => {
        await loadWeights(msg.bytes, msg.name);
        await postEvaluation();
      });
      break;
    case 'pretrained':
      enqueue('pretrained weights', async () => {
        await usePretrained(msg.model);
        await postEvaluation();
      });
      break;
  }
};
