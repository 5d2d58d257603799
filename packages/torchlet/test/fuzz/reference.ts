/** A minimal n-d array on plain JS numbers (row-major), the reference the fuzz tests compare against. */
export class Ref {
  constructor(
    readonly data: number[],
    readonly shape: number[],
  ) {}
  static iota(shape: number[]): Ref {
    const n = shape.reduce((a, b) => a * b, 1);
    return new Ref(
      Array.from({ length: n }, (_, i) => ((i * 7) % 23) - 11),
      shape,
    );
  }
  get numel(): number {
    return this.data.length;
  }
  private strides(shape = this.shape): number[] {
    const s = new Array<number>(shape.length).fill(1);
    for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
    return s;
  }
  private index(flat: number, shape: number[]): number[] {
    const idx: number[] = [];
    for (let d = shape.length - 1; d >= 0; d--) {
      idx.unshift(flat % shape[d]!);
      flat = Math.floor(flat / shape[d]!);
    }
    return idx;
  }
  at(idx: number[]): number {
    const st = this.strides();
    return this.data[idx.reduce((a, v, d) => a + v * st[d]!, 0)]!;
  }
  /** out[i] = f(index i of the output shape) */
  static build(shape: number[], f: (idx: number[]) => number): Ref {
    const n = shape.reduce((a, b) => a * b, 1);
    const r = new Ref([], shape);
    for (let i = 0; i < n; i++) r.data.push(f(r.index(i, shape)));
    return r;
  }
  reshape(shape: number[]): Ref {
    return new Ref(this.data, shape);
  }
  permute(perm: number[]): Ref {
    return Ref.build(
      perm.map((p) => this.shape[p]!),
      (idx) => {
        const src: number[] = [];
        perm.forEach((p, i) => {
          src[p] = idx[i]!;
        });
        return this.at(src);
      },
    );
  }
  narrow(dim: number, start: number, length: number): Ref {
    const shape = [...this.shape];
    shape[dim] = length;
    return Ref.build(shape, (idx) => this.at(idx.map((v, d) => (d === dim ? v + start : v))));
  }
  expand(shape: number[]): Ref {
    const off = shape.length - this.shape.length;
    return Ref.build(shape, (idx) => this.at(this.shape.map((s, d) => (s === 1 ? 0 : idx[d + off]!))));
  }
  static broadcast(a: number[], b: number[]): number[] | null {
    const n = Math.max(a.length, b.length);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = a[a.length - n + i] ?? 1;
      const y = b[b.length - n + i] ?? 1;
      if (x !== y && x !== 1 && y !== 1) return null;
      out.push(x === 1 ? y : x);
    }
    return out;
  }
  reduce(dims: number[], keepdim: boolean, init: number, f: (acc: number, v: number) => number): Ref {
    const outShape = this.shape.map((s, d) => (dims.includes(d) ? 1 : s));
    const out = Ref.build(outShape, () => init);
    for (let i = 0; i < this.numel; i++) {
      const idx = this.index(i, this.shape);
      const o = idx.map((v, d) => (dims.includes(d) ? 0 : v));
      const st = out.strides();
      const k = o.reduce((a, v, d) => a + v * st[d]!, 0);
      out.data[k] = f(out.data[k]!, this.data[i]!);
    }
    return keepdim ? out : out.reshape(this.shape.filter((_, d) => !dims.includes(d)));
  }
}
