import { BackendError } from '@torchlet/tensor/backend';
import type { WasmRuntime } from './runtime.js';

/**
 * Worker threads over the runtime's shared WebAssembly memory. A job is one exported function
 * called in every participating thread with its own arguments (the calling thread runs slot 0);
 * workers learn of modules by message and wait for jobs on an atomic sequence number.
 *
 * The control block (Int32 words in WebAssembly memory): [0] job sequence, [1] finished count,
 * then per worker WORDS words: function id (-1: no job), error flag, ready flag, argument count,
 * arguments.
 */
const WORDS = 24;
const HEAD = 8;
const ARGS = 4;
const MAX_ARGS = WORDS - ARGS;

/** The worker's program: a string, so it needs no file of its own (Node `eval` or a Blob URL). */
const WORKER_SOURCE = `
const isNode = typeof self === 'undefined';
const port = isNode ? require('node:worker_threads').parentPort : self;
let ctl, me, memory;
const exportsOf = new Map();
const fns = new Map();
let waiting = null;
function onMessage(msg) {
  if (msg.type === 'init') {
    memory = msg.memory; me = msg.index;
    ctl = new Int32Array(memory.buffer, msg.ctl, ${HEAD} + msg.workers * ${WORDS});
    Atomics.store(ctl, ${HEAD} + me * ${WORDS} + 2, 1);
    loop();
  } else if (msg.type === 'module') {
    const env = { memory };
    for (const [name, [dep, exp]] of Object.entries(msg.deps)) env[name] = exportsOf.get(dep)[exp];
    exportsOf.set(msg.key, new WebAssembly.Instance(msg.module, { env }).exports);
  } else if (msg.type === 'fn') {
    fns.set(msg.id, exportsOf.get(msg.key)[msg.name]);
    if (waiting && fns.has(waiting.id)) { const w = waiting; waiting = null; w.resolve(); }
  }
}
if (isNode) port.on('message', onMessage); else self.onmessage = (e) => onMessage(e.data);
async function waitFor(seq) {
  if (Atomics.waitAsync) { const r = Atomics.waitAsync(ctl, 0, seq); if (r.async) await r.value; }
  else { Atomics.wait(ctl, 0, seq); await null; }
}
async function loop() {
  const base = ${HEAD} + me * ${WORDS};
  let seq = Atomics.load(ctl, 0);
  for (;;) {
    const id = Atomics.load(ctl, base);
    if (id < 0) {
      await waitFor(seq);
      seq = Atomics.load(ctl, 0);
      continue;
    }
    try {
      if (!fns.has(id)) await new Promise((resolve) => { waiting = { id, resolve }; });
      const n = ctl[base + 3];
      const args = [];
      for (let i = 0; i < n; i++) args.push(ctl[base + ${ARGS} + i]);
      fns.get(id)(...args);
      ctl[base + 1] = 0;
    } catch (e) {
      ctl[base + 1] = 1;
    }
    Atomics.store(ctl, base, -1);
    Atomics.add(ctl, 1, 1);
    Atomics.notify(ctl, 1);
  }
}
`;

interface WorkerLike {
  postMessage(msg: unknown): void;
  terminate(): unknown;
  unref?(): void;
}

function startWorker(): WorkerLike | null {
  const g = globalThis as {
    process?: { getBuiltinModule?: (m: string) => unknown };
    Worker?: new (url: string) => WorkerLike;
    Blob?: typeof Blob;
    URL?: typeof URL;
  };
  const wt = g.process?.getBuiltinModule?.('node:worker_threads') as
    | { Worker: new (src: string, o: { eval: boolean }) => WorkerLike }
    | undefined;
  if (wt) {
    const w = new wt.Worker(WORKER_SOURCE, { eval: true });
    w.unref?.();
    return w;
  }
  if (g.Worker && g.Blob && g.URL) {
    const url = g.URL.createObjectURL(new g.Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    return new g.Worker(url);
  }
  return null;
}

export class ThreadPool {
  private readonly workers: WorkerLike[] = [];
  /** which modules each worker has been sent */
  private readonly sent: Set<string>[] = [];
  private readonly fnIds = new Map<string, number>();
  private readonly ctlPtr: number;
  private seq = 0;
  /** jobs handed to workers so far */
  jobs = 0;

  constructor(
    private readonly rt: WasmRuntime,
    threads: number,
  ) {
    const n = Math.max(0, threads - 1);
    this.ctlPtr = rt.heap.alloc((HEAD + n * WORDS) * 4).ptr;
    const ctl = new Int32Array(rt.heap.buffer as ArrayBuffer, this.ctlPtr, HEAD + n * WORDS);
    ctl.fill(0);
    for (let w = 0; w < n; w++) ctl[HEAD + w * WORDS] = -1;
    for (let w = 0; w < n; w++) {
      const worker = startWorker();
      if (!worker) break;
      worker.postMessage({ type: 'init', memory: rt.heap.memory, ctl: this.ctlPtr, index: w, workers: n });
      this.workers.push(worker);
      this.sent.push(new Set());
    }
  }

  private get ctl(): Int32Array {
    return new Int32Array(this.rt.heap.buffer as ArrayBuffer, this.ctlPtr, HEAD + this.workers.length * WORDS || HEAD);
  }

  /** Workers that have started and can take jobs. */
  private ready(): number[] {
    const ctl = this.ctl;
    const out: number[] = [];
    for (let w = 0; w < this.workers.length; w++) if (Atomics.load(ctl, HEAD + w * WORDS + 2)) out.push(w);
    return out;
  }

  /** Threads that can take work now: the caller plus the workers that have started. */
  get available(): number {
    return 1 + this.ready().length;
  }

  private fnId(key: string, name: string, w: number): number {
    const worker = this.workers[w]!;
    const sent = this.sent[w]!;
    const send = (k: string) => {
      if (sent.has(k)) return;
      const spec = this.rt.compiled.get(k)!;
      for (const [dep] of Object.values(spec.deps)) send(dep);
      worker.postMessage({ type: 'module', key: k, module: spec.module, deps: spec.deps });
      sent.add(k);
    };
    send(key);
    const fk = `${key}#${name}`;
    let id = this.fnIds.get(fk);
    if (id === undefined) {
      id = this.fnIds.size;
      this.fnIds.set(fk, id);
    }
    if (!sent.has(fk)) {
      worker.postMessage({ type: 'fn', id, key, name });
      sent.add(fk);
    }
    return id;
  }

  /**
   * Call export `name` of module `key` once per argument list: the first on this thread, the
   * others on workers, and return when all are done. Use at most `available` lists.
   */
  run(key: string, name: string, argLists: readonly number[][], local: (...args: number[]) => void): void {
    const jobs = argLists.length - 1;
    const ready = this.ready();
    if (jobs > ready.length) throw new BackendError(`${jobs} worker jobs but ${ready.length} workers are ready`, 'threads');
    const ctl = this.ctl;
    const before = Atomics.load(ctl, 1);
    const used = ready.slice(0, jobs);
    used.forEach((w, j) => {
      const args = argLists[j + 1]!;
      if (args.length > MAX_ARGS) throw new BackendError(`a threaded kernel takes at most ${MAX_ARGS} arguments`, 'threads');
      const base = HEAD + w * WORDS;
      ctl[base + 3] = args.length;
      args.forEach((a, i) => {
        ctl[base + ARGS + i] = a;
      });
      Atomics.store(ctl, base, this.fnId(key, name, w));
    });
    if (jobs > 0) {
      this.jobs += jobs;
      Atomics.store(ctl, 0, ++this.seq);
      Atomics.notify(ctl, 0);
    }
    let error: unknown;
    try {
      local(...argLists[0]!);
    } catch (err) {
      error = err;
    }
    // wait for the workers (the main thread of a browser may not block: spin there)
    const canBlock = typeof (globalThis as { document?: unknown }).document === 'undefined';
    for (let done = Atomics.load(ctl, 1); done - before < jobs; done = Atomics.load(ctl, 1)) {
      if (canBlock) Atomics.wait(ctl, 1, done, 50);
    }
    if (error) throw error;
    for (const w of used) {
      if (ctl[HEAD + w * WORDS + 1]) throw new BackendError(`a worker thread failed in ${name} (${key})`, 'threads');
    }
  }

  dispose(): void {
    for (const w of this.workers) w.terminate();
    this.workers.length = 0;
  }
}

/** Threads worth using here: the cores the engine reports, at most 8. */
export function defaultThreads(): number {
  const g = globalThis as { navigator?: { hardwareConcurrency?: number }; process?: { getBuiltinModule?: (m: string) => unknown } };
  const os = g.process?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number; cpus?: () => unknown[] } | undefined;
  const n = os?.availableParallelism?.() ?? os?.cpus?.().length ?? g.navigator?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(8, n));
}
