import type { Backend } from './backend.js';
import { BackendError, DeviceError } from './errors.js';

/** Makes a backend instance on first use (async for backends that must request a device, e.g. WebGPU). */
export type BackendFactory = () => Backend | Promise<Backend>;
interface Entry {
  factory: BackendFactory;
  priority: number;
  /** async factory: only ready(), setBackend() or initBackend() start it */
  needsReady: boolean;
  instance?: Backend;
  pending?: Promise<Backend>;
  failed?: unknown;
}

const entries = new Map<string, Entry>();
let current: string | undefined;
let explicitlySet = false;
let notice: (msg: string) => void = (msg) => console.warn(msg);

/** Where fallback notices go (defaults to console.warn). */
export function setBackendNotice(fn: (msg: string) => void): void {
  notice = fn;
}

/**
 * Register a backend under a name. A sync factory runs on first use; an async one (GPU adapters)
 * must say so with `async: true`, and then runs on `await ready()`, `setBackend(name)` or
 * `initBackend(name)`, never as a side effect of making a tensor. The highest priority backend
 * that initialised becomes the default unless `setBackend` chose one.
 * @example registerBackend('my-gpu', async () => new MyGpuBackend(await requestDevice()), { async: true, priority: 2 });
 */
export function registerBackend(name: string, factory: BackendFactory, options: { priority?: number; async?: boolean } = {}): void {
  if (!/^[a-z][a-z0-9_-]*$/.test(name)) {
    throw new BackendError(
      `backend names are lower-case identifiers like 'cpu' or 'my-gpu', got ${JSON.stringify(name)}`,
      'registerBackend',
    );
  }
  const old = entries.get(name);
  if (old?.instance) old.instance.dispose?.();
  // declared, not guessed from the function: a factory that returns a Promise without `async: true`
  // is still started only when a backend is needed, and getBackend() then says to await ready()
  const needsReady = options.async === true;
  entries.set(name, { factory, priority: options.priority ?? 1, needsReady });
  if (!explicitlySet) current = undefined;
}

/** Unregister a backend, disposing its instance if it was made; the default is chosen again if it was current. */
export function removeBackend(name: string): void {
  const e = entries.get(name);
  e?.instance?.dispose?.();
  entries.delete(name);
  if (current === name) {
    current = undefined;
    explicitlySet = false;
  }
}

/** The registered backends, highest priority first. */
export function listBackends(): {
  /** Its registered name. */
  name: string;
  /** Its priority (the highest available one is the default). */
  priority: number;
  /** Whether its instance has been made. */
  initialized: boolean;
}[] {
  return [...entries.entries()]
    .map(([name, e]) => ({ name, priority: e.priority, initialized: !!e.instance }))
    .sort((a, b) => b.priority - a.priority);
}

function unknown(name: string, op: string): never {
  const have = [...entries.keys()];
  throw new DeviceError(
    `no backend named '${name}' is registered (registered: ${have.length ? have.join(', ') : 'none'}). ` +
      (name === 'cpu'
        ? "Call registerCpuBackend() from '@torchlet/backend-cpu', or import 'torchlet' which registers it"
        : name === 'webgpu'
          ? "Call registerWebGPUBackend() from '@torchlet/backend-webgpu'"
          : 'Register it with registerBackend(name, factory) first'),
    op,
  );
}

/** Track a started initialisation: the instance when it resolves, the failure when it rejects. */
function settle(e: Entry, made: Promise<Backend>): Promise<Backend> {
  e.pending = made
    .then((b) => {
      e.instance = b;
      return b;
    })
    .catch((err) => {
      e.failed = err;
      e.pending = undefined;
      throw err;
    });
  return e.pending;
}

/**
 * Initialise a backend (awaiting async factories).
 * @example const gpu = await initBackend('webgpu');
 */
export async function initBackend(name: string): Promise<Backend> {
  const e = entries.get(name);
  if (!e) unknown(name, 'initBackend');
  if (e.instance) return e.instance;
  return (
    e.pending ??
    settle(
      e,
      Promise.resolve().then(() => e.factory()),
    )
  );
}

/**
 * The backend a name refers to, initialised. Synchronous factories are initialised on the spot;
 * async ones need `await ready()` (or `await initBackend(name)`) first.
 */
export function getBackend(name?: string, op = 'getBackend'): Backend {
  const n = name ?? defaultBackendName(op);
  const e = entries.get(n);
  if (!e) unknown(n, op);
  if (e.instance) return e.instance;
  const made = e.factory();
  if (made instanceof Promise) {
    // a factory that returned a Promise without `async: true`: keep what it started for ready()
    void settle(e, made).catch(() => {});
    throw new BackendError(`backend '${n}' initialises asynchronously; call \`await ready()\` before using it`, op);
  }
  e.instance = made;
  return made;
}

/** Whether a backend of that name is registered (made or not). */
export function hasBackend(name: string): boolean {
  return entries.has(name);
}

function defaultBackendName(op: string): string {
  if (current) return current;
  const sorted = listBackends();
  for (const { name } of sorted) {
    const e = entries.get(name)!;
    if (e.failed) continue;
    if (e.instance) {
      current = name;
      return current;
    }
    // async backends (GPU adapters) are started by ready() / setBackend(), never as a side effect
    if (e.pending || e.needsReady) continue;
    try {
      const made = e.factory();
      if (made instanceof Promise) {
        // returned a Promise without `async: true`: started now (once), used after ready()
        void settle(e, made).catch(() => {});
        continue;
      }
      e.instance = made;
      current = name;
      return current;
    } catch (err) {
      e.failed = err;
    }
  }
  if (sorted.length === 0) {
    throw new DeviceError(
      "no backend is registered. Call registerCpuBackend() from '@torchlet/backend-cpu' (or import 'torchlet', which does it for you)",
      op,
    );
  }
  throw new BackendError(
    `no registered backend could be initialised (tried ${sorted.map((s) => s.name).join(', ')}); await ready() to see why`,
    op,
  );
}

/** Choose the default backend; new tensors are created there. */
export async function setBackend(name: string): Promise<Backend> {
  const b = await initBackend(name);
  current = name;
  explicitlySet = true;
  return b;
}

/** Name of the backend new tensors go to. */
export function currentBackendName(): string {
  return defaultBackendName('currentBackendName');
}

/**
 * Initialise registered backends in priority order and pick the best that works, falling back
 * with a one-line notice when a preferred one fails. Resolves to the chosen backend's name.
 */
export async function ready(): Promise<string> {
  if (explicitlySet && current) {
    await initBackend(current);
    return current;
  }
  const sorted = listBackends();
  for (const { name } of sorted) {
    try {
      await initBackend(name);
      current = name;
      return name;
    } catch (err) {
      const next = sorted.find((s) => s.name !== name && !entries.get(s.name)!.failed);
      notice(
        `torchlet: backend '${name}' is unavailable (${(err as Error)?.message ?? err})${next ? `; falling back to '${next.name}'` : ''}`,
      );
    }
  }
  return defaultBackendName('ready');
}

/** For tests: forget every registration. */
export function resetRegistry(): void {
  for (const e of entries.values()) e.instance?.dispose?.();
  entries.clear();
  current = undefined;
  explicitlySet = false;
}
