// The page: controls, charts, evaluation, drawing and weights; all the work runs in worker.ts.
import { LineChart } from './chart.js';
import { setupDrawing } from './draw.js';
import type { BackendChoice, Evaluation, FromWorker, ModelKind, Progress, ToWorker, TrainConfig } from './protocol.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (msg: ToWorker, transfer: Transferable[] = []) => worker.postMessage(msg, transfer);

type State = 'loading' | 'idle' | 'training' | 'paused' | 'evaluating';
let state: State = 'loading';
let hasModel = false;
let samplesSeen = 0;

// ---- errors: readable, in the page, dismissable
function showError(where: string, message: string): void {
  const box = document.createElement('div');
  box.className = 'error';
  const text = document.createElement('p');
  text.textContent = `${where[0]!.toUpperCase()}${where.slice(1)}: ${message}`;
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = 'Dismiss';
  close.addEventListener('click', () => box.remove());
  box.append(text, close);
  $('errors').append(box);
}
window.addEventListener('error', (e) => showError('page', e.message));
window.addEventListener('unhandledrejection', (e) => showError('page', String((e.reason as Error)?.message ?? e.reason)));
worker.addEventListener('error', (e) => {
  e.preventDefault();
  showError('worker', e.message || 'the training worker failed to start');
});

// ---- state and buttons
function setState(s: State): void {
  state = s;
  document.body.dataset.state = s;
  const busy = s === 'training' || s === 'paused' || s === 'evaluating';
  $<HTMLButtonElement>('start').disabled = s !== 'idle';
  $<HTMLButtonElement>('pause').disabled = s !== 'training' && s !== 'paused';
  $<HTMLButtonElement>('pause').textContent = s === 'paused' ? 'Resume' : 'Pause';
  $<HTMLButtonElement>('pause').setAttribute('aria-pressed', String(s === 'paused'));
  $<HTMLButtonElement>('stop').disabled = s !== 'training' && s !== 'paused';
  $<HTMLButtonElement>('evaluate').disabled = busy || s === 'loading' || !hasModel;
  $<HTMLButtonElement>('save').disabled = s === 'loading' || !hasModel;
  $<HTMLButtonElement>('pretrained').disabled = busy || s === 'loading';
  $<HTMLInputElement>('load').disabled = busy || s === 'loading';
  for (const r of document.querySelectorAll<HTMLInputElement>('input[name=backend]')) r.disabled = busy || s === 'loading';
  for (const el of $<HTMLFormElement>('train-form').elements) (el as HTMLInputElement).disabled = busy;
}

// ---- charts
const pct = (v: number) => `${Math.round(100 * v)}%`;
const kilo = (v: number) => (v >= 10_000 ? `${Math.round(v / 1000)}k` : v >= 1000 ? `${(v / 1000).toFixed(1)}k` : String(Math.round(v)));
const lossChart = new LineChart($<HTMLCanvasElement>('loss-chart'), [{ name: 'training loss', color: 'var(--c1)', points: [] }], {
  yMin: 0,
  xLabel: kilo,
  yLabel: (y) => y.toFixed(2),
});
const accChart = new LineChart(
  $<HTMLCanvasElement>('acc-chart'),
  [
    { name: 'training accuracy', color: 'var(--c1)', points: [] },
    { name: 'test accuracy', color: 'var(--c2)', dots: true, points: [] },
  ],
  { yMin: 0, yMax: 1, xLabel: kilo, yLabel: pct },
);
// canvas strokes do not resolve CSS variables: give them the computed colours
for (const s of [...lossChart.series, ...accChart.series]) {
  const m = /^var\((--[\w-]+)\)$/.exec(s.color);
  if (m) s.color = getComputedStyle(document.body).getPropertyValue(m[1]!).trim() || '#36c';
}

// ---- progress
function fmtTime(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  return s >= 3600
    ? `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
function onProgress(p: Progress): void {
  const bar = $<HTMLProgressElement>('train-progress');
  bar.max = p.total * p.epochs;
  bar.value = p.total * (p.epoch - 1) + p.done;
  $('train-text').textContent =
    `Epoch ${p.epoch}/${p.epochs}: ${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')} images · loss ${p.loss.toFixed(4)} · accuracy ${(100 * p.accuracy).toFixed(1)}%`;
  const speed = $('speed');
  speed.textContent = `${Math.round(p.samplesPerSec).toLocaleString('en')} samples/s · ${p.stepsPerSec.toFixed(1)} steps/s · ETA ${fmtTime(p.etaSec)}`;
  speed.dataset.samplesPerSec = String(p.samplesPerSec);
  speed.dataset.stepsPerSec = String(p.stepsPerSec);
  samplesSeen = p.total * (p.epoch - 1) + p.done;
  lossChart.add(0, samplesSeen, p.loss);
  accChart.add(0, samplesSeen, p.accuracy);
  drawing.refresh();
}

// ---- evaluation
function showEvaluation(ev: Evaluation): void {
  const acc = $('test-accuracy');
  acc.textContent = `${(100 * ev.accuracy).toFixed(2)}%`;
  acc.dataset.correct = String(ev.correct);
  acc.dataset.total = String(ev.total);
  $('test-detail').textContent =
    `(${ev.correct.toLocaleString('en')} of ${ev.total.toLocaleString('en')} right, loss ${ev.loss.toFixed(4)}, ${ev.seconds.toFixed(1)} s)`;
  const table = $<HTMLTableElement>('confusion');
  table.querySelectorAll('tr').forEach((r) => {
    r.remove();
  });
  const head = table.createTHead().insertRow();
  head.append(Object.assign(document.createElement('th'), { scope: 'col', textContent: '' }));
  for (let p = 0; p < 10; p++) head.append(Object.assign(document.createElement('th'), { scope: 'col', textContent: String(p) }));
  const body = table.tBodies[0] ?? table.createTBody();
  for (let t = 0; t < 10; t++) {
    const row = body.insertRow();
    row.append(Object.assign(document.createElement('th'), { scope: 'row', textContent: String(t) }));
    const rowSum = ev.confusion.slice(t * 10, t * 10 + 10).reduce((a, b) => a + b, 0) || 1;
    for (let p = 0; p < 10; p++) {
      const n = ev.confusion[t * 10 + p]!;
      const cell = row.insertCell();
      cell.textContent = String(n);
      const share = n / rowSum;
      cell.className = t === p ? 'diag' : n ? 'off' : '';
      cell.style.setProperty('--share', share.toFixed(3));
      cell.title = `true ${t}, predicted ${p}: ${n}`;
    }
  }
  const grid = $('wrong');
  grid.replaceChildren();
  for (const w of ev.wrong) {
    const fig = document.createElement('figure');
    const c = document.createElement('canvas');
    c.width = c.height = 28;
    c.setAttribute('role', 'img');
    c.setAttribute('aria-label', `test image ${w.index}: a ${w.label} read as ${w.pred}`);
    const img = c.getContext('2d')!.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = w.pixels[i]!;
      img.data.set([v, v, v, 255], i * 4);
    }
    c.getContext('2d')!.putImageData(img, 0, 0);
    const cap = document.createElement('figcaption');
    cap.textContent = `${w.label} → ${w.pred}`;
    fig.append(c, cap);
    grid.append(fig);
  }
}

// ---- drawing and predictions
let predictId = 0;
const drawing = setupDrawing($<HTMLCanvasElement>('pad'), $<HTMLCanvasElement>('input28'), $('clear'), (input) => {
  if (!input) {
    showProbs(null);
    return;
  }
  if (!hasModel) return;
  // 'false' until the answer for this drawing arrives
  $('prediction').dataset.fresh = 'false';
  const copy = new Float32Array(input);
  send({ type: 'predict', id: ++predictId, input: copy }, [copy.buffer]);
});
const probsList = $('probs');
for (let d = 0; d < 10; d++) {
  const li = document.createElement('li');
  li.innerHTML = `<span class="digit">${d}</span><span class="bar"><span></span></span><span class="p">—</span>`;
  li.setAttribute('aria-label', `${d}: no prediction`);
  probsList.append(li);
}
function showProbs(probs: number[] | null): void {
  const top = probs ? probs.indexOf(Math.max(...probs)) : -1;
  probsList.querySelectorAll('li').forEach((li, d) => {
    const p = probs ? probs[d]! : 0;
    (li.querySelector('.bar > span') as HTMLElement).style.width = `${(100 * p).toFixed(1)}%`;
    li.querySelector('.p')!.textContent = probs ? `${(100 * p).toFixed(1)}%` : '—';
    li.classList.toggle('top', d === top);
    li.setAttribute('aria-label', probs ? `${d}: ${(100 * p).toFixed(1)} percent` : `${d}: no prediction`);
  });
  const pred = $('prediction');
  pred.textContent = probs ? `${top} (${(100 * probs[top]!).toFixed(1)}%)` : '—';
  pred.dataset.top = probs ? String(top) : '';
  pred.dataset.fresh = 'true';
}

// ---- weights
function download(bytes: ArrayBuffer, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
async function loadFile(file: File): Promise<void> {
  if (state === 'loading' || state === 'training' || state === 'paused' || state === 'evaluating') {
    showError('loading weights', `wait until the current ${state === 'loading' ? 'start-up' : 'run'} ends, then load ${file.name} again`);
    return;
  }
  const bytes = await file.arrayBuffer();
  send({ type: 'load', bytes, name: file.name }, [bytes]);
}
$<HTMLInputElement>('load').addEventListener('change', (e) => {
  const input = e.target as HTMLInputElement;
  const file = input.files?.[0];
  if (file) void loadFile(file);
  input.value = '';
});
const drop = $('drop');
for (const t of ['dragenter', 'dragover']) {
  drop.addEventListener(t, (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
}
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const file = e.dataTransfer?.files[0];
  if (file) void loadFile(file);
});
$('save').addEventListener('click', () => send({ type: 'save' }));
$('pretrained').addEventListener('click', () => send({ type: 'pretrained', model: $<HTMLSelectElement>('model').value as ModelKind }));
$('evaluate').addEventListener('click', () => send({ type: 'evaluate' }));
const testSamples = $<HTMLInputElement>('test-samples');
const sendTestSamples = () => {
  if (testSamples.checkValidity()) send({ type: 'testSamples', n: Number(testSamples.value) });
};
testSamples.addEventListener('change', sendTestSamples);

// ---- training controls
$<HTMLFormElement>('train-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = new FormData(e.target as HTMLFormElement);
  const num = (k: string) => Number(f.get(k));
  const config: TrainConfig = {
    model: f.get('model') as ModelKind,
    startFrom: f.get('startFrom') as TrainConfig['startFrom'],
    lr: num('lr'),
    momentum: num('momentum'),
    batchSize: Math.round(num('batchSize')),
    epochs: Math.round(num('epochs')),
    trainSamples: Math.round(num('trainSamples')),
    seed: Math.round(num('seed')),
  };
  lossChart.clear();
  accChart.clear();
  samplesSeen = 0;
  $('train-text').textContent = 'Starting…';
  $('speed').textContent = '';
  setState('training');
  send({ type: 'train', config });
});
$('pause').addEventListener('click', () => send({ type: state === 'paused' ? 'resume' : 'pause' }));
$('stop').addEventListener('click', () => send({ type: 'stop' }));
for (const r of document.querySelectorAll<HTMLInputElement>('input[name=backend]')) {
  r.addEventListener('change', () => {
    if (r.checked) {
      $('backend-name').textContent = 'switching…';
      send({ type: 'backend', backend: r.value as BackendChoice });
    }
  });
}

// ---- messages from the worker
worker.addEventListener('message', (e: MessageEvent<FromWorker>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'ready': {
      $('backend-name').textContent = msg.backend === 'webgpu' ? 'WebGPU' : 'CPU (WebAssembly)';
      $('backend-name').dataset.backend = msg.backend;
      $('backend-detail').textContent = msg.backend === 'cpu' ? `(${msg.threads} thread${msg.threads === 1 ? '' : 's'})` : '';
      for (const r of document.querySelectorAll<HTMLInputElement>('input[name=backend]')) r.checked = r.value === msg.backend;
      if (msg.notice) showError('backend', msg.notice);
      break;
    }
    case 'data': {
      const bar = $<HTMLProgressElement>('data-progress');
      bar.max = msg.total;
      bar.value = msg.loaded;
      $('data-text').textContent = msg.done
        ? `loaded (${msg.source})`
        : `${(msg.loaded / 1e6).toFixed(1)} of ${(msg.total / 1e6).toFixed(1)} MB`;
      break;
    }
    case 'model':
      hasModel = true;
      $('model-name').textContent = msg.model === 'net1' ? 'Net1' : 'Net2';
      $('model-name').dataset.model = msg.model;
      $('model-origin').textContent = `(${msg.origin})`;
      $<HTMLSelectElement>('model').value = msg.model;
      if (state === 'loading') setState('idle');
      else setState(state);
      drawing.refresh();
      break;
    case 'state':
      if (msg.state === 'idle' && state === 'loading' && !hasModel) return;
      setState(msg.state);
      break;
    case 'progress':
      onProgress(msg.progress);
      break;
    case 'epoch':
      accChart.add(1, samplesSeen, msg.evaluation.accuracy);
      showEvaluation(msg.evaluation);
      break;
    case 'trained':
      $('train-text').textContent =
        `${msg.stopped ? 'Stopped' : 'Done'}: ${msg.steps.toLocaleString('en')} steps, ${msg.samples.toLocaleString('en')} images in ${fmtTime(msg.seconds)} (${Math.round(msg.samples / Math.max(msg.seconds, 1e-3)).toLocaleString('en')} samples/s).`;
      break;
    case 'evaluation':
      showEvaluation(msg.evaluation);
      break;
    case 'prediction':
      if (msg.id === predictId) showProbs(msg.probs);
      break;
    case 'saved':
      download(msg.bytes, `mnist-${msg.model}.safetensors`);
      break;
    case 'error':
      showError(msg.where, msg.message);
      if (state === 'loading' && msg.where === 'start') setState('idle');
      break;
  }
});

// ?backend=cpu|webgpu picks the backend at start; otherwise WebGPU when the browser has it
const wanted = new URLSearchParams(location.search).get('backend');
setState('loading');
sendTestSamples();
send({ type: 'init', backend: wanted === 'cpu' || wanted === 'webgpu' ? wanted : 'auto' });
