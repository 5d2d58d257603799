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
  get length(): number {
    return this.items.length;
  }
  at(i: number): Module {
    const j = i < 0 ? i + this.items.length : i;
    if (j < 0 || j >= this.items.length) throw new IndexError(`index ${i} is out of range`, this.getName());
    return this.items[j]!;
  }
  append(m: Module): this {
    this.items.push(checkModule(m, this.getName()));
    return this;
  }
  [Symbol.iterator](): Iterator<Module> {
    return this.items[Symbol.iterator]();
  }
}

/** Runs its modules one after the other. */
export class Sequential extends ListContainer {
  static override readonly moduleName: string = 'Sequential';
  constructor(...modules: Module[]) {
    super();
    for (const m of modules) this.append(m);
  }
  forward(x: unknown): any {
    let out = x;
    for (const m of this.items) out = m.call(out);
    return out;
  }
}

/** Holds submodules in a list (they are registered, but forward is yours to write). */
export class ModuleList extends ListContainer {
  static override readonly moduleName: string = 'ModuleList';
  constructor(modules: Iterable<Module> = []) {
    super();
    for (const m of modules) this.append(m);
  }
  forward(): never {
    throw new ValueError('ModuleList has no forward(); iterate over it in your own module', 'ModuleList');
  }
}

/** Holds submodules by name, in insertion order. */
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
  set(key: string, m: Module): this {
    this.items.set(key, checkModule(m, 'ModuleDict'));
    return this;
  }
  get(key: string): Module {
    const m = this.items.get(key);
    if (!m) throw new IndexError(`no module named '${key}' (have: ${[...this.items.keys()].join(', ')})`, 'ModuleDict');
    return m;
  }
  has(key: string): boolean {
    return this.items.has(key);
  }
  keys(): string[] {
    return [...this.items.keys()];
  }
  get size(): number {
    return this.items.size;
  }
  forward(): never {
    throw new ValueError('ModuleDict has no forward(); look modules up in your own module', 'ModuleDict');
  }
}
