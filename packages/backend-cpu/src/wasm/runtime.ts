import { ModuleBuilder } from './emit/module.js';
import { WasmHeap } from './heap.js';

/** What this engine's WebAssembly can do. */
export interface WasmFeatures {
  /** WebAssembly fixed-width SIMD (128-bit): Node 16.4+, every current browser. The engine needs it. */
  simd: boolean;
  /** relaxed SIMD (fused multiply-add): Node 22+, Chrome 114+; Node 20 only behind a flag */
  relaxedSimd: boolean;
  /** shared memory and atomics (threads): Node, cross-origin isolated pages */
  sharedMemory: boolean;
}

function validates(build: (m: ModuleBuilder) => void): boolean {
  try {
    const m = new ModuleBuilder({ shared: false, initialPages: 1, maximumPages: 1 });
    build(m);
    return WebAssembly.validate(m.bytes());
  } catch {
    return false;
  }
}

let detected: WasmFeatures | undefined;

/** What this JavaScript engine's WebAssembly supports (SIMD, relaxed SIMD, shared memory); detected once. */
export function detectFeatures(): WasmFeatures {
  if (detected) return detected;
  if (typeof WebAssembly === 'undefined') {
    detected = { simd: false, relaxedSimd: false, sharedMemory: false };
    return detected;
  }
  const simd = validates((m) => m.func('f', ['v128'], ['v128'], (f) => f.f32x4Add(f.get(f.param(0)), f.get(f.param(0)))));
  const relaxedSimd =
    simd &&
    validates((m) => m.func('f', ['v128'], ['v128'], (f) => f.f32x4RelaxedMadd(f.get(f.param(0)), f.get(f.param(0)), f.get(f.param(0)))));
  let sharedMemory = false;
  try {
    sharedMemory =
      typeof SharedArrayBuffer !== 'undefined' &&
      new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    sharedMemory = false;
  }
  detected = { simd, relaxedSimd, sharedMemory };
  return detected;
}

export interface RuntimeOptions {
  /** use relaxed-SIMD FMA when available (default true) */
  relaxedSimd?: boolean;
  /** shared memory for threads (default: when available) */
  sharedMemory?: boolean;
}

type Exports = Record<string, (...args: number[]) => number | undefined>;

/**
 * The WebAssembly side of the CPU backend: one heap and the kernel modules instantiated on it.
 * Modules are generated on first use, keyed by what they were specialised for, and compiled
 * synchronously; each stays small (a few KB), which browsers allow on the main thread.
 */
export class WasmRuntime {
  readonly heap: WasmHeap;
  readonly fma: boolean;
  readonly features: WasmFeatures;
  private readonly modules = new Map<string, Exports>();
  /**
   * Compiled modules with what their function imports come from (`import name -> [module key,
   * export name]`), in build order, so worker threads can instantiate the same code on the same
   * memory.
   */
  readonly compiled = new Map<string, { module: WebAssembly.Module; deps: Record<string, [string, string]> }>();

  constructor(options: RuntimeOptions = {}) {
    this.features = detectFeatures();
    if (!this.features.simd) throw new Error('this JavaScript engine has no WebAssembly SIMD');
    this.fma = (options.relaxedSimd ?? true) && this.features.relaxedSimd;
    this.heap = new WasmHeap({ shared: (options.sharedMemory ?? true) && this.features.sharedMemory });
  }

  get memoryDescriptor() {
    return { shared: this.heap.shared, initialPages: 1, maximumPages: 65536 };
  }

  private memOps?: {
    fill: (dst: number, byte: number, n: number) => void;
    copy: (dst: number, src: number, n: number) => void;
    addTo: (dst: number, src: number, n: number) => void;
  };
  /**
   * memset and memmove on WebAssembly memory (much faster than typed-array fill/set on shared
   * memory), and `addTo(dst, src, n)`: n floats of src added into dst.
   */
  get mem() {
    this.memOps ??= this.module('mem', (m) => {
      m.func('fill', ['i32', 'i32', 'i32'], [], (f) => f.memoryFill(f.get(f.param(0)), f.get(f.param(1)), f.get(f.param(2))));
      m.func('copy', ['i32', 'i32', 'i32'], [], (f) => f.memoryCopy(f.get(f.param(0)), f.get(f.param(1)), f.get(f.param(2))));
      m.func('addTo', ['i32', 'i32', 'i32'], [], (f) => {
        const [dst, src, n] = [f.param(0), f.param(1), f.param(2)];
        const i = f.local('i32');
        const vec4 = f.local('i32');
        f.set(vec4, f.i32And(f.get(n), f.i32(~3)));
        f.for(
          i,
          () => f.i32(0),
          () => f.get(vec4),
          4,
          () => {
            f.v128Store(f.get(dst), f.f32x4Add(f.v128Load(f.get(dst)), f.v128Load(f.get(src))));
            f.inc(dst, 16);
            f.inc(src, 16);
          },
        );
        f.for(
          i,
          () => f.get(vec4),
          () => f.get(n),
          1,
          () => {
            f.f32Store(f.get(dst), f.f32Add(f.f32Load(f.get(dst)), f.f32Load(f.get(src))));
            f.inc(dst, 4);
            f.inc(src, 4);
          },
        );
      });
    });
    return this.memOps;
  }

  /**
   * The exports of the module `key`, building it with `build` the first time. `deps` names the
   * other modules' exports its imported functions are (those modules must exist already).
   */
  module<T = Exports>(key: string, build: (m: ModuleBuilder) => void, deps: Record<string, [string, string]> = {}): T {
    let ex = this.modules.get(key);
    if (!ex) {
      const m = new ModuleBuilder(this.memoryDescriptor);
      build(m);
      const mod = new WebAssembly.Module(m.bytes());
      this.compiled.set(key, { module: mod, deps });
      ex = new WebAssembly.Instance(mod, { env: this.importsFor(deps) }).exports as unknown as Exports;
      this.modules.set(key, ex);
    }
    return ex as T;
  }

  private importsFor(deps: Record<string, [string, string]>): WebAssembly.ModuleImports {
    const env: WebAssembly.ModuleImports = { memory: this.heap.memory };
    for (const [name, [dep, exp]] of Object.entries(deps)) env[name] = this.modules.get(dep)![exp] as WebAssembly.ImportValue;
    return env;
  }
}
