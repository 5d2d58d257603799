import type { Tensor } from '@torchlet/tensor';
import { checkOptions, isFloat, isTensor, parseToTarget, snakeCase, ValueError, type ToTarget } from '@torchlet/tensor';
import { closeScope, openScope } from '@torchlet/tensor/internal';
import { noGrad } from '@torchlet/autograd';
import { Parameter, isParameter } from './parameter.js';
import { addIndent } from './repr.js';
import { applyStateDict, type LoadResult, type StateDict } from './state-dict.js';

/** Property names become PyTorch-style keys: runningMean -> running_mean. */
export const toKey: (name: string) => string = snakeCase;

const INTERNAL = new Set(['training', '_buffers', '_nonPersistent']);

const FREED =
  "it was made inside a Module's forward() and freed when call() returned; return it from forward() or store it on the module to keep it (or set Module.freeForwardTemporaries = false)";

function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (isTensor(v)) return `a ${v.dtype} Tensor`;
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' && v !== null ? (v.constructor?.name ?? 'object') : typeof v;
}

function checkedSet(target: Module, key: string | symbol, value: unknown, receiver: unknown): boolean {
  if (typeof key === 'string' && value !== null && !isParameter(value)) {
    const own = Object.getOwnPropertyDescriptor(target, key);
    if (own && 'value' in own && isParameter(own.value)) {
      throw new ValueError(
        `cannot assign ${describe(value)} as parameter '${key}' (a Parameter or null expected); wrap a tensor with new nn.Parameter(t), or change the values in place: noGrad(() => m.${key}.copy_(t))`,
        `${target.getName()}.${key}`,
      );
    }
  }
  return Reflect.set(target, key, value, receiver);
}

/**
 * Base class of every layer and model (PyTorch's `nn.Module`). Parameters and submodules are
 * registered by assigning them to properties in the constructor, as in PyTorch; buffers with
 * {@link Module.registerBuffer}. Subclasses implement {@link Module.forward}; callers run the module
 * with {@link Module.call}.
 *
 * @example
 * ```ts
 * import { nn, randn, type Tensor } from 'torchlet';
 *
 * class Net extends nn.Module {
 *   static override readonly moduleName = 'Net';
 *   fc1 = new nn.Linear(4, 8);
 *   fc2 = new nn.Linear(8, 2);
 *   forward(x: Tensor): Tensor {
 *     return this.fc2.call(this.fc1.call(x).relu());
 *   }
 * }
 * const net = new Net();
 * const y = net.call(randn([3, 4])); // shape [3, 2]
 * console.log(String(net));
 * // Net(
 * //   (fc1): Linear(in_features=4, out_features=8, bias=True)
 * //   (fc2): Linear(in_features=8, out_features=2, bias=True)
 * // )
 * ```
 */
export abstract class Module {
  /**
   * The name printed by toString(), used in errors and by exporters. Minifiers rename classes, so
   * every built-in layer declares its own (`Linear`, not `ln`); declare one in your module to keep
   * its name in minified bundles, or build with esbuild's `keepNames` (see the README):
   *
   *   class Net1 extends nn.Module {
   *     static override readonly moduleName = 'Net1';
   *   }
   *
   * Only a class's own declaration counts: a subclass of Linear that declares none prints its own
   * class name.
   */
  static readonly moduleName?: string;

  constructor() {
    // assignments go through a check: a registered parameter can be replaced only by a
    // Parameter or null (PyTorch's rule), never silently dropped by `m.weight = 5`
    // biome-ignore lint/correctness/noConstructorReturn: the instance is wrapped so attribute assignment is checked (see above)
    return new Proxy(this, { set: checkedSet });
  }

  /** True in training mode (the default), false after {@link Module.eval}; Dropout and BatchNorm read it. */
  training = true;
  /** @internal */ _buffers = new Map<string, Tensor | null>();
  /** @internal */ _nonPersistent = new Set<string>();

  /**
   * The computation of the module, written by each subclass (PyTorch's `forward`). Call the module
   * with {@link Module.call} rather than `forward` directly: `call` also frees the temporaries
   * forward makes (see {@link Module.freeForwardTemporaries}).
   */
  // biome-ignore lint/suspicious/noExplicitAny: each subclass declares its own forward signature; call() returns what it returns
  abstract forward(...args: any[]): any;

  /**
   * Free the tensors a forward() makes and does not keep when call() returns (default true).
   * Their memory is reused by the next call instead of waiting for the garbage collector, which
   * never runs finalizers inside a synchronous training loop. A tensor survives when forward()
   * returns it (alone or inside arrays, objects, Maps) or stores it on the module
   * (`this.attention = a`, or in an array or Map held by the module). Set it to false on a module
   * class or instance, or on `Module` itself, if a forward hands tensors to other places.
   */
  static freeForwardTemporaries = true;

  /** Run the module (PyTorch's `module(x)`). */
  // biome-ignore lint/suspicious/noExplicitAny: forwards to the subclass's forward, whose signature varies (PyTorch's module(x))
  call(...args: any[]): any {
    if (typeof this.forward !== 'function') {
      throw new ValueError(
        `Module [${this.getName()}] is missing the required "forward" function; define forward(...) in the class`,
        'Module.call',
      );
    }
    if (!(this.constructor as typeof Module).freeForwardTemporaries) return this.forward(...args);
    const made = openScope();
    let out: unknown;
    try {
      out = this.forward(...args);
    } catch (err) {
      closeScope(made, undefined, FREED);
      throw err;
    }
    // an async forward keeps everything: its tensors may still be in use
    if (out instanceof Promise) closeScope(made, made);
    else closeScope(made, [out, Object.values(this).filter((v) => !(v instanceof Module)), this._buffers], FREED);
    return out;
  }

  /** A tensor that is state but not a parameter (running statistics...). Readable as a property. */
  registerBuffer(name: string, tensor: Tensor | null, persistent = true): void {
    if (tensor !== null && !isTensor(tensor)) throw new ValueError(`buffer '${name}' must be a Tensor or null`, 'registerBuffer');
    this._buffers.set(name, tensor);
    if (!persistent) this._nonPersistent.add(name);
    Object.defineProperty(this, name, {
      get: () => this._buffers.get(name) ?? null,
      set: (v: Tensor | null) => this._buffers.set(name, v),
      enumerable: false,
      configurable: true,
    });
  }

  /** Own parameters and submodules in registration order, with their state-dict names. */
  protected ownEntries(): [string, unknown][] {
    return Object.entries(this)
      .filter(([k]) => !INTERNAL.has(k))
      .map(([k, v]) => [toKey(k), v]);
  }

  /**
   * Every parameter as `[name, parameter]`, with PyTorch-style dotted names (`fc1.weight`), each
   * shared parameter once. `prefix` is prepended to the names; `recurse = false` lists only this
   * module's own parameters.
   */
  *namedParameters(prefix = '', recurse = true): Generator<[string, Parameter]> {
    const seen = new Set<Tensor>();
    for (const [modPrefix, m] of recurse ? this.namedModules(prefix) : ([[prefix, this]] as [string, Module][])) {
      for (const [k, v] of m.ownEntries()) {
        if (isParameter(v) && !seen.has(v)) {
          seen.add(v);
          yield [modPrefix ? `${modPrefix}.${k}` : k, v];
        }
      }
    }
  }
  /**
   * Every parameter of this module and (with `recurse`, the default) its submodules, each once:
   * what an optimizer takes (`new optim.SGD(net.parameters(), { lr: 0.1 })`).
   */
  *parameters(recurse = true): Generator<Parameter> {
    for (const [, p] of this.namedParameters('', recurse)) yield p;
  }
  /** Every non-null buffer as `[name, tensor]` (`bn.running_mean`); `recurse = false` for this module's own. */
  *namedBuffers(prefix = '', recurse = true): Generator<[string, Tensor]> {
    for (const [modPrefix, m] of recurse ? this.namedModules(prefix) : ([[prefix, this]] as [string, Module][])) {
      for (const [k, v] of m._buffers) if (v) yield [modPrefix ? `${modPrefix}.${toKey(k)}` : toKey(k), v];
    }
  }
  /** Every non-null buffer (running statistics...) of this module and, with `recurse`, its submodules. */
  *buffers(recurse = true): Generator<Tensor> {
    for (const [, b] of this.namedBuffers('', recurse)) yield b;
  }
  /** The direct submodules as `[name, module]`, in registration order. */
  *namedChildren(): Generator<[string, Module]> {
    for (const [k, v] of this.ownEntries()) if (v instanceof Module) yield [k, v];
  }
  /** The direct submodules, in registration order. */
  *children(): Generator<Module> {
    for (const [, m] of this.namedChildren()) yield m;
  }
  /**
   * This module and every submodule below it, depth first, as `[name, module]` (this module's
   * name is `prefix`, '' by default); a module reachable twice is listed once (`memo` tracks them).
   */
  *namedModules(prefix = '', memo = new Set<Module>()): Generator<[string, Module]> {
    if (memo.has(this)) return;
    memo.add(this);
    yield [prefix, this];
    for (const [k, m] of this.namedChildren()) yield* m.namedModules(prefix ? `${prefix}.${k}` : k, memo);
  }
  /** This module and every submodule below it, depth first, each once. */
  *modules(): Generator<Module> {
    for (const [, m] of this.namedModules()) yield m;
  }

  /**
   * Set training mode (`mode = true`, the default) or evaluation mode on this module and every
   * submodule; affects Dropout and BatchNorm. Returns this module.
   */
  train(mode = true): this {
    this.training = mode;
    for (const c of this.children()) c.train(mode);
    return this;
  }
  /** Evaluation mode: the same as `train(false)`. Returns this module. */
  eval(): this {
    return this.train(false);
  }

  /** fn on every submodule (children first), then on this module. */
  apply(fn: (m: Module) => void): this {
    for (const c of this.children()) c.apply(fn);
    fn(this);
    return this;
  }

  /** Reset gradients: zero them in place (PyTorch 1.13's default) or drop them with setToNone. */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    for (const p of this.parameters()) {
      if (!p.grad) continue;
      if (options.setToNone) p.grad = null;
      else noGrad(() => p.grad!.zero_());
    }
  }

  /** Move (or convert) every parameter and buffer; parameters are replaced, so build optimizers after this. */
  to(target: string | ToTarget): this {
    const { device, dtype } = parseToTarget(target);
    noGrad(() => {
      for (const m of this.modules()) {
        for (const [k, v] of Object.entries(m)) {
          if (!isParameter(v)) continue;
          const moved = v.to({ device, dtype });
          if (moved !== v) (m as unknown as Record<string, unknown>)[k] = new Parameter(moved, v.requiresGrad);
        }
        // integer buffers (counters) keep their dtype
        for (const [k, b] of m._buffers) if (b) m._buffers.set(k, b.to({ device, dtype: isFloat(b.dtype) ? dtype : undefined }));
      }
    });
    return this;
  }

  /** Parameters and persistent buffers by PyTorch key, detached. */
  stateDict(prefix = ''): StateDict {
    const out: StateDict = {};
    const visit = (m: Module, p: string) => {
      for (const [k, v] of m.ownEntries()) if (isParameter(v)) out[p + k] = v.detach();
      for (const [k, v] of m._buffers) if (v && !m._nonPersistent.has(k)) out[p + toKey(k)] = v.detach();
      for (const [k, c] of m.namedChildren()) visit(c, `${p}${k}.`);
    };
    visit(this, prefix);
    return out;
  }

  /**
   * Copy values from a state dict into this module's parameters and buffers. With `strict`
   * (default), missing keys, unexpected keys and shape mismatches are one error naming them all;
   * nothing is written unless everything fits.
   */
  loadStateDict(stateDict: StateDict, options: { strict?: boolean } = {}): LoadResult {
    if (stateDict === null || typeof stateDict !== 'object') {
      throw new ValueError(
        `expected a state dict (an object or Map of name -> Tensor, e.g. from loadFile or m.stateDict()), got ${stateDict === null ? 'null' : typeof stateDict}`,
        'loadStateDict',
      );
    }
    checkOptions(options, ['strict'], 'loadStateDict');
    return applyStateDict(this.stateDict(), stateDict, options.strict ?? true);
  }

  /** One-line description of the layer's settings, as PyTorch's extra_repr. */
  extraRepr(): string {
    return '';
  }

  /** The class's own static `moduleName` when it declares one, else its constructor's name. */
  getName(): string {
    const ctor = this.constructor as typeof Module;
    return (Object.hasOwn(ctor, 'moduleName') && ctor.moduleName) || ctor.name;
  }

  /** The module tree exactly as PyTorch prints it. */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split('\n') : [];
    const childLines = [...this.namedChildren()].map(([k, m]) => `(${k}): ${addIndent(String(m), 2)}`);
    const lines = [...extraLines, ...childLines];
    let s = `${this.getName()}(`;
    if (lines.length) {
      if (extraLines.length === 1 && childLines.length === 0) s += extraLines[0];
      else s += `\n  ${lines.join('\n  ')}\n`;
    }
    return `${s})`;
  }
  /** Node's `console.log` and `util.inspect` print the module tree ({@link Module.toString}). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
