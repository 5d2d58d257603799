import { IndexError, ValueError } from '@torchlet/tensor';
import { Module } from '../module.js';

function checkModule(m: unknown, where: string): Module {
  if (!(m instanceof Module)) throw new ValueError(`${where} takes Module instances, got ${m === null ? 'null' : typeof m}`, where);
  return m;
}

/** Modules kept in an array and named "0", "1", ... as PyTorch's containers. */
abstract class ListContainer extends Module {
  /** @internal */ protected items: Module[] = [];
  protected override ownEntries(): [string, unknown][] {
    return this.items.map((m, i) => [String(i), m]);
  }
  /** Number of modules held. */
  get length(): number {
    return this.items.length;
  }
  /** The module at index `i`; negative indices count from the end. Throws an IndexError when out of range. */
  at(i: number): Module {
    const j = i < 0 ? i + this.items.length : i;
    if (j < 0 || j >= this.items.length) throw new IndexError(`index ${i} is out of range`, this.getName());
    return this.items[j]!;
  }
  /** Add a module at the end (registered as the next index). Returns this container. */
  append(m: Module): this {
    this.items.push(checkModule(m, this.getName()));
    return this;
  }
  /** Iterate over the modules in order (`for (const m of seq)`). */
  [Symbol.iterator](): Iterator<Module> {
    return this.items[Symbol.iterator]();
  }
}

/**
 * Runs its modules one after the other, each on the previous one's output (PyTorch's
 * `nn.Sequential`). Submodules are named "0", "1", ... in the state dict and printout.
 *
 * @example
 * ```ts
 * import { nn, randn } from 'torchlet';
 * const mlp = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 1));
 * const y = mlp.call(randn([2, 4])); // shape [2, 1]
 * mlp.at(0); // the first Linear
 * ```
 */
export class Sequential extends ListContainer {
  static override readonly moduleName: string = 'Sequential';
  constructor(...modules: Module[]) {
    super();
    for (const m of modules) this.append(m);
  }
  /** Feed `x` through every module in order and return the last output. */
  // biome-ignore lint/suspicious/noExplicitAny: the output is the last module's, whatever its type, as Module.call returns
  forward(x: unknown): any {
    let out = x;
    for (const m of this.items) out = m.call(out);
    return out;
  }
}

/** Holds submodules in a list, registered as "0", "1", ... (PyTorch's `nn.ModuleList`); forward is yours to write. */
export class ModuleList extends ListContainer {
  static override readonly moduleName: string = 'ModuleList';
  constructor(modules: Iterable<Module> = []) {
    super();
    for (const m of modules) this.append(m);
  }
  /** Throws: a ModuleList has no forward of its own; iterate over it in your module's forward. */
  forward(): never {
    throw new ValueError('ModuleList has no forward(); iterate over it in your own module', 'ModuleList');
  }
}

/** Holds submodules by name, in insertion order (PyTorch's `nn.ModuleDict`); forward is yours to write. */
export class ModuleDict extends Module {
  static override readonly moduleName: string = 'ModuleDict';
  /** @internal */ private items = new Map<string, Module>();
  constructor(modules: Record<string, Module> | Iterable<[string, Module]> = {}) {
    super();
    const entries = Symbol.iterator in Object(modules) ? (modules as Iterable<[string, Module]>) : Object.entries(modules);
    for (const [k, m] of entries) this.set(k, m);
  }
  protected override ownEntries(): [string, unknown][] {
    return [...this.items];
  }
  /** Register `m` under `key` (replacing one of the same name). Returns this dict. */
  set(key: string, m: Module): this {
    this.items.set(key, checkModule(m, 'ModuleDict'));
    return this;
  }
  /** The module under `key`; throws an IndexError naming the keys there are when missing. */
  get(key: string): Module {
    const m = this.items.get(key);
    if (!m) throw new IndexError(`no module named '${key}' (have: ${[...this.items.keys()].join(', ')})`, 'ModuleDict');
    return m;
  }
  /** Whether a module is registered under `key`. */
  has(key: string): boolean {
    return this.items.has(key);
  }
  /** The names, in insertion order. */
  keys(): string[] {
    return [...this.items.keys()];
  }
  /** Number of modules held. */
  get size(): number {
    return this.items.size;
  }
  /** Throws: a ModuleDict has no forward of its own; look modules up in your module's forward. */
  forward(): never {
    throw new ValueError('ModuleDict has no forward(); look modules up in your own module', 'ModuleDict');
  }
}
