import { name, section, uleb, VALTYPE, type ValType } from './encode.js';
import { Func } from './func.js';

export interface MemoryImport {
  /** shared memories need a maximum and enable threads */
  shared: boolean;
  initialPages: number;
  maximumPages: number;
}

/**
 * Assembles a module that imports one memory (`env.memory`) and exports its functions.
 * Kernels are generated at run time, so shapes and features (SIMD, relaxed SIMD) can be baked in.
 */
export class ModuleBuilder {
  private readonly funcs: { f: Func; exported: boolean }[] = [];
  /** imported functions: `env.<name>`, indexed before the module's own */
  private readonly imported: { name: string; params: ValType[]; results: ValType[] }[] = [];
  constructor(private readonly memory: MemoryImport) {}

  /**
   * Import a function `env.<name>` (another module's export, given at instantiation). Imports
   * must be declared before any function is defined; returns its index for `call`.
   */
  importFunc(fname: string, params: ValType[], results: ValType[]): number {
    if (this.funcs.length) throw new Error('declare imports before defining functions');
    this.imported.push({ name: fname, params, results });
    return this.imported.length - 1;
  }

  /** Names of the imported functions. */
  get imports(): string[] {
    return this.imported.map((i) => i.name);
  }

  /** Define a function; its index (for `call`) comes after the imports. */
  func(fname: string, params: ValType[], results: ValType[], build: (f: Func) => void, exported = true): number {
    const f = new Func(fname, params, results);
    this.funcs.push({ f, exported });
    build(f);
    return this.imported.length + this.funcs.length - 1;
  }

  /** Index of an already defined function, for `call`. */
  indexOf(fname: string): number {
    const i = this.funcs.findIndex((x) => x.f.name === fname);
    if (i < 0) throw new Error(`no function ${fname} in this module`);
    return this.imported.length + i;
  }

  bytes(): Uint8Array<ArrayBuffer> {
    const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    // types: one per distinct signature
    const sigs: string[] = [];
    const sigIndex = (params: readonly ValType[], results: readonly ValType[]) => {
      const key = `${params.join(',')}>${results.join(',')}`;
      let i = sigs.indexOf(key);
      if (i < 0) i = sigs.push(key) - 1;
      return i;
    };
    const importTypes = this.imported.map((i) => sigIndex(i.params, i.results));
    const typeOf = this.funcs.map(({ f }) => sigIndex(f.params, f.results));
    const types: number[] = [];
    uleb(types, sigs.length);
    for (const key of sigs) {
      const [p, r] = key.split('>').map((s) => (s ? (s.split(',') as ValType[]) : []));
      types.push(0x60);
      uleb(types, p!.length);
      for (const t of p!) types.push(VALTYPE[t]);
      uleb(types, r!.length);
      for (const t of r!) types.push(VALTYPE[t]);
    }
    section(out, 1, types);

    const imports: number[] = [];
    uleb(imports, 1 + this.imported.length);
    this.imported.forEach((imp, k) => {
      name(imports, 'env');
      name(imports, imp.name);
      imports.push(0x00);
      uleb(imports, importTypes[k]!);
    });
    name(imports, 'env');
    name(imports, 'memory');
    // any memory at least this large fits; a shared one must declare its maximum
    imports.push(0x02, this.memory.shared ? 0x03 : 0x00);
    uleb(imports, this.memory.initialPages);
    if (this.memory.shared) uleb(imports, this.memory.maximumPages);
    section(out, 2, imports);

    const fsec: number[] = [];
    uleb(fsec, this.funcs.length);
    for (const t of typeOf) uleb(fsec, t);
    section(out, 3, fsec);

    const exports: number[] = [];
    const exp = this.funcs.map((x, i) => [x, i] as const).filter(([x]) => x.exported);
    uleb(exports, exp.length);
    for (const [x, i] of exp) {
      name(exports, x.f.name);
      exports.push(0x00);
      uleb(exports, this.imported.length + i);
    }
    section(out, 7, exports);

    const code: number[] = [];
    uleb(code, this.funcs.length);
    for (const { f } of this.funcs) {
      const body = f.encode();
      uleb(code, body.length);
      for (const b of body) code.push(b);
    }
    section(out, 10, code);
    return new Uint8Array(out);
  }
}
