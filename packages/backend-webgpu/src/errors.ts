/// <reference types="@webgpu/types" />
import { BackendError, IndexError } from '@torchlet/tensor/backend';

/**
 * Device errors as typed errors. Every command batch runs inside a validation and an
 * out-of-memory error scope; what a scope catches (and uncaptured errors, and a lost device)
 * becomes a BackendError naming the op (from the `torchlet:<op>` labels in WebGPU's message, else
 * the ops of the batch), thrown by the next op or read.
 */
export class DeviceErrors {
  private pending: Error | null = null;
  private checks: Promise<void>[] = [];
  private lost: { reason: string; message: string } | null = null;
  private scoped = false;
  private pendingAllocation = false;

  constructor(
    private readonly device: GPUDevice,
    /** the ops recorded since the last submit, for messages */
    private readonly ops: () => string[],
    /** false once the backend disposed the device on purpose */
    private readonly alive: () => boolean,
  ) {
    void device.lost.then((info) => {
      if (this.alive()) this.lost = { reason: String(info.reason), message: info.message };
    });
    const onError = (ev: Event) => this.record((ev as GPUUncapturedErrorEvent).error, this.ops());
    if (typeof device.addEventListener === 'function') device.addEventListener('uncapturederror', onError);
    else (device as { onuncapturederror: unknown }).onuncapturederror = onError;
  }

  get isLost(): boolean {
    return this.lost !== null;
  }

  lostError(op: string): BackendError {
    const l = this.lost ?? { reason: 'unknown', message: '' };
    return new BackendError(
      `the WebGPU device was lost (${l.reason}: ${l.message}); its tensors are gone. Register the backend again and await ready()`,
      op,
    );
  }

  /** Throw a lost device or an error found since the last throw (once). */
  throwPending(op: string): void {
    if (this.lost) throw this.lostError(op);
    if (this.pending) {
      const e = this.pending;
      this.pending = null;
      this.pendingAllocation = false;
      throw e;
    }
  }

  /** Open the error scopes of a command batch (idempotent until `close`). */
  open(): void {
    if (this.scoped) return;
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    this.scoped = true;
  }

  /** Close the batch's scopes; what they caught is recorded asynchronously. */
  close(ops: string[]): void {
    if (!this.scoped) return;
    this.scoped = false;
    const validation = this.device.popErrorScope();
    const oom = this.device.popErrorScope();
    this.checks.push(
      Promise.all([validation, oom]).then(
        ([v, o]) => {
          const e = v ?? o;
          if (e) this.record(e, ops);
        },
        () => {},
      ),
    );
  }

  /**
   * A large buffer creation to check: when it failed (out of memory near the device limit), the
   * error names the requested size and the limit instead of the later "invalid due to a previous
   * error" of the ops that use the buffer.
   */
  allocation(failure: Promise<GPUError | null>, bytes: number, limit: number, label: string): void {
    const op = label.replace(/^torchlet:/, '');
    const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
    this.checks.push(
      failure.then((e) => {
        if (!e || this.pendingAllocation) return;
        // the root cause: it replaces the "invalid due to a previous error" of the ops that used the buffer
        this.pendingAllocation = true;
        this.pending = new BackendError(
          `could not allocate a buffer of ${bytes} bytes (${mib(bytes)}); the device's limit is ${limit} bytes (maxBufferSize, ${mib(limit)}) but it could not provide this much (${e.message.split('\n')[0]}). Use smaller tensors or batches, free tensors with dispose(), or use the cpu backend`,
          op,
        );
      }),
    );
  }

  /** Record an error (the first one wins until thrown). */
  record(e: GPUError | Error, ops: string[]): void {
    this.pending ??= e instanceof BackendError ? e : translate(e, ops);
  }

  /** Wait for the closed scopes, then throw what they caught. */
  async drain(op: string): Promise<void> {
    const checks = this.checks;
    this.checks = [];
    await Promise.all(checks);
    this.throwPending(op);
  }
}

function translate(e: GPUError | Error, ops: string[]): BackendError {
  const kind = e.constructor?.name === 'GPUOutOfMemoryError' || /out of memory/i.test(e.message) ? 'out-of-memory' : 'validation';
  const named = /torchlet:([A-Za-z0-9]+)/.exec(e.message)?.[1];
  const op =
    named && named !== 'batch' && named !== 'params' ? named : (ops.find((o) => o !== 'read' && o !== 'sync') ?? ops[0] ?? 'webgpu');
  return new BackendError(`WebGPU ${kind} error (ops in this batch: ${ops.join(', ') || 'none'}): ${e.message}`, op);
}

interface Slot {
  op: string;
  dim: number;
  size: number;
  /** the last slot is shared once every slot is taken */
  shared?: boolean;
}

/** Slots of the device-side index checks (two u32 each: a flag and the offending index). */
export const INDEX_CHECK_SLOTS = 256;

/**
 * Index tensors computed on the device are checked on the device: the check kernel sets the flag
 * of its (op, dim, size) slot; the next read copies the flags out and raises an IndexError.
 */
export class IndexChecks {
  private slots: Slot[] = [];
  private keys = new Map<string, number>();

  /** The slot of an index check (the kernel binds `buffer` after its own buffers). */
  slot(op: string, dim: number, size: number): number {
    const key = `${op}|${dim}|${size}`;
    let s = this.keys.get(key);
    if (s === undefined) {
      s = Math.min(this.slots.length, INDEX_CHECK_SLOTS - 1);
      if (s === this.slots.length) this.slots.push({ op, dim, size });
      else this.slots[s]!.shared = true;
      this.keys.set(key, s);
    }
    return s;
  }

  /** Bytes of flags in use since the last `take` (0: no check ran). */
  get bytes(): number {
    return this.slots.length * 8;
  }

  /** Forget the slots (their flags were copied out and cleared); returns them for `error`. */
  take(): Slot[] {
    const s = this.slots;
    this.slots = [];
    this.keys = new Map();
    return s;
  }

  /** The IndexError of the first set flag, if any. */
  static error(slots: Slot[], words: Int32Array): IndexError | null {
    for (let s = 0; s < slots.length; s++) {
      if (words[2 * s] === 0) continue;
      const { op, dim, size, shared } = slots[s]!;
      const v = words[2 * s + 1];
      return new IndexError(
        shared
          ? `an index tensor of ${op} held an out-of-range value (${v}); the results of the index ops before this read are not valid`
          : `index ${v} is out of bounds for dimension ${dim} with size ${size} (found on the device; the result of ${op} is not valid)`,
        op,
      );
    }
    return null;
  }
}
