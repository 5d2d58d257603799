import type { Tensor } from './tensor.js';
import { shapeStr } from './shape.js';
import { ContextVar, hasAsyncContext } from './async-context.js';

/** A tensor made inside a checked block and still alive after it. */
export interface LiveTensor {
  /** Its shape. */
  shape: number[];
  /** Its dtype. */
  dtype: string;
  /** Its device ('cpu', 'webgpu'). */
  device: string;
  /** bytes of its storage (shared with other views) */
  bytes: number;
  /** where it was made: the first stack frames outside Torchlet */
  createdAt: string;
}

/** What {@link checkLeaks} found: the tensors still alive after the block; `String(report)` lists them with where each was made. */
export interface LeakReport {
  /** tensors made in the block that are neither disposed nor garbage collected */
  live: LiveTensor[];
  /** whether a garbage collection ran before the check (Node with --expose-gc): otherwise some may only be unreferenced */
  collected: boolean;
  /** One line per live tensor (shape, dtype, device, bytes, creation site), or a line saying there are none. */
  toString(): string;
}

interface Recorder {
  seen: { ref: WeakRef<Tensor>; site: string; shape: number[]; dtype: string; device: string; bytes: number }[];
}

// the recorder follows the async task where the runtime allows (concurrent checks and other code
// do not mix); elsewhere one check at a time records everything made while it runs
const active = new ContextVar<Recorder | null>(null, 'checkLeaks', 'Run one leak check at a time.');

/** @internal called by the Tensor constructor */
export function recordCreation(t: Tensor): void {
  const recorder = active.get();
  if (!recorder) return;
  const stack = new Error().stack ?? '';
  const frames = stack
    .split('\n')
    .slice(1)
    .map((l) => l.trim());
  // the first frames outside Torchlet's own packages say where the user made the tensor
  const user = frames.filter(
    (l) => !/@torchlet|[/\\]packages[/\\](tensor|autograd|nn|optim|backend-[a-z]+|data)[/\\]|node:internal/.test(l),
  );
  const site = (user.length ? user : frames).slice(0, 3).join(' < ');
  recorder.seen.push({ ref: new WeakRef(t), site, shape: [...t.shape], dtype: t.dtype, device: t.device, bytes: t._storage.nbytes });
}

/**
 * Run `fn` and report the tensors it made that are still alive afterwards, with where each was
 * made: a leak check for code that should leave nothing behind (a training step in a scope, an
 * evaluation). Disposed tensors and tensors the garbage collector reclaimed do not count; run
 * Node with `--expose-gc` so that unreferenced ones are collected before the check.
 *
 * ```ts
 * const report = await checkLeaks(() => scope(() => step(x, y)));
 * if (report.live.length) console.warn(String(report));
 * ```
 */
export async function checkLeaks(fn: () => unknown): Promise<LeakReport> {
  const rec: Recorder = { seen: [] };
  if (hasAsyncContext()) await active.run(rec, fn);
  else {
    const prev = active.get();
    active.set(rec);
    try {
      await fn();
    } finally {
      active.set(prev);
    }
  }
  // WeakRefs made in this task keep their targets until it ends: wait for a later one
  await new Promise((r) => setTimeout(r, 0));
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((r) => setTimeout(r, 0));
  const live = rec.seen
    .filter((s) => {
      const t = s.ref.deref();
      return t !== undefined && !t.isDisposed && !t._storage.freed;
    })
    .map(({ shape, dtype, device, bytes, site }) => ({ shape, dtype, device, bytes, createdAt: site }));
  return {
    live,
    collected: !!gc,
    toString() {
      if (!live.length) return 'no tensor made in the block is still alive';
      const lines = live.map((t) => `  ${shapeStr(t.shape)} ${t.dtype} on ${t.device} (${t.bytes} bytes), made at ${t.createdAt}`);
      return `${live.length} tensor${live.length === 1 ? '' : 's'} made in the block ${live.length === 1 ? 'is' : 'are'} still alive${gc ? '' : ' (or unreferenced: run Node with --expose-gc for an exact report)'}:\n${lines.join('\n')}`;
    },
  };
}
