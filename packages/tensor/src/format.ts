import type { DType } from './dtype.js';
import { isFloat } from './dtype.js';

/** Print options, as torch.set_printoptions. */
export const printOptions = {
  /** Digits after the decimal point of floating values; 4 by default. */
  precision: 4,
  /** Tensors with more elements than this print summarised (`...`); 1000 by default. */
  threshold: 1000,
  /** Items printed at each end of a summarised dimension; 3 by default. */
  edgeitems: 3,
  /** Characters per line before rows wrap; 80 by default. */
  linewidth: 80,
};

/** Change the print options (PyTorch's `torch.set_printoptions`); options left out keep their values. */
export function setPrintOptions(opts: Partial<typeof printOptions>): void {
  Object.assign(printOptions, opts);
}

/** Python's '{:.Ne}' (exponent with at least two digits). */
function pyExp(v: number, precision: number): string {
  return v.toExponential(precision).replace(/e([+-])(\d)$/, 'e$10$2');
}
function pyFloat(v: number, fixed: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return v.toFixed(fixed);
}

class Formatter {
  floating: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;
  constructor(
    private dtype: DType,
    values: ArrayLike<number>,
  ) {
    this.floating = isFloat(dtype);
    const p = printOptions.precision;
    if (!this.floating) {
      for (let i = 0; i < values.length; i++) this.maxWidth = Math.max(this.maxWidth, this.plain(values[i]!).length);
      return;
    }
    const finite: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (Number.isFinite(v) && v !== 0) finite.push(v);
    }
    if (finite.length === 0) return;
    let mn = Infinity;
    let mx = 0;
    for (const v of finite) {
      const a = Math.abs(v);
      mn = Math.min(mn, a);
      mx = Math.max(mx, a);
      if (v !== Math.ceil(v)) this.intMode = false;
    }
    if (this.intMode) {
      if (mx / mn > 1000 || mx > 1e8) {
        this.sciMode = true;
        for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pyExp(v, p).length);
      } else for (const v of finite) this.maxWidth = Math.max(this.maxWidth, v.toFixed(0).length + 1);
    } else if (mx / mn > 1000 || mx > 1e8 || mn < 1e-4) {
      this.sciMode = true;
      for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pyExp(v, p).length);
    } else for (const v of finite) this.maxWidth = Math.max(this.maxWidth, v.toFixed(p).length);
  }
  private plain(v: number): string {
    return this.dtype === 'bool' ? (v ? 'True' : 'False') : String(v);
  }
  format(v: number): string {
    let s: string;
    if (this.floating) {
      if (this.sciMode) s = Number.isFinite(v) ? pyExp(v, printOptions.precision) : pyFloat(v, 0);
      else if (this.intMode) s = Number.isFinite(v) ? `${v.toFixed(0)}.` : pyFloat(v, 0);
      else s = pyFloat(v, printOptions.precision);
    } else s = this.plain(v);
    return s.padStart(this.maxWidth, ' ');
  }
}

/** A host copy of tensor values, indexed through shape/strides/offset. */
interface HostView {
  data: ArrayLike<number>;
  shape: readonly number[];
  strides: readonly number[];
  offset: number;
}

function sub(v: HostView, i: number): HostView {
  return { data: v.data, shape: v.shape.slice(1), strides: v.strides.slice(1), offset: v.offset + i * v.strides[0]! };
}

/** Values PyTorch looks at when sizing columns of a summarised tensor. */
function summarizedValues(v: HostView, summarize: boolean, out: number[]): void {
  if (v.shape.length === 0) {
    out.push(v.data[v.offset]!);
    return;
  }
  const n = v.shape[0]!;
  const e = printOptions.edgeitems;
  const idx = summarize && n > 2 * e ? [...range(0, e), ...range(n - e, n)] : range(0, n);
  for (const i of idx) summarizedValues(sub(v, i), summarize, out);
}
function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}

function vectorStr(v: HostView, indent: number, summarize: boolean, f: Formatter): string {
  const elementLength = f.maxWidth + 2;
  const perLine = Math.max(1, Math.floor((printOptions.linewidth - indent) / elementLength));
  const n = v.shape[0]!;
  const e = printOptions.edgeitems;
  const at = (i: number) => f.format(v.data[v.offset + i * v.strides[0]!]!);
  let data: string[];
  if (summarize && n > 2 * e) data = [...range(0, e).map(at), ' ...', ...range(n - e, n).map(at)];
  else data = range(0, n).map(at);
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
}

function tensorStr(v: HostView, indent: number, summarize: boolean, f: Formatter): string {
  const dim = v.shape.length;
  if (dim === 0) return f.format(v.data[v.offset]!);
  if (dim === 1) return vectorStr(v, indent, summarize, f);
  const n = v.shape[0]!;
  const e = printOptions.edgeitems;
  const slices =
    summarize && n > 2 * e
      ? [
          ...range(0, e).map((i) => tensorStr(sub(v, i), indent + 1, summarize, f)),
          '...',
          ...range(n - e, n).map((i) => tensorStr(sub(v, i), indent + 1, summarize, f)),
        ]
      : range(0, n).map((i) => tensorStr(sub(v, i), indent + 1, summarize, f));
  return `[${slices.join(`,${'\n'.repeat(dim - 1)}${' '.repeat(indent + 1)}`)}]`;
}

function addSuffixes(body: string, suffixes: string[], indent: number): string {
  const parts = [body];
  let lastLineLen = body.length - body.lastIndexOf('\n') + 1;
  for (const s of suffixes) {
    if (lastLineLen + s.length + 2 > printOptions.linewidth) {
      parts.push(`,\n${' '.repeat(indent)}${s}`);
      lastLineLen = indent + s.length;
    } else {
      parts.push(`, ${s}`);
      lastLineLen += s.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

export interface FormatInput extends HostView {
  dtype: DType;
  device: string;
  numel: number;
  /** e.g. `grad_fn=<AddBackward0>` or `requires_grad=True` */
  gradSuffix?: string;
}

/** PyTorch's tensor repr: `tensor([[0., 0., 0.]])`. int32 counts as the default integer type here. */
export function formatTensor(t: FormatInput): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  const suffixes: string[] = [];
  if (t.device !== 'cpu') suffixes.push(`device='${t.device}'`);
  let body: string;
  if (t.numel === 0) {
    body = '[]';
    if (t.shape.length !== 1) suffixes.push(`size=(${t.shape.join(', ')}${t.shape.length === 1 ? ',' : ''})`);
  } else {
    const summarize = t.numel > printOptions.threshold;
    const vals: number[] = [];
    summarizedValues(t, summarize, vals);
    body = tensorStr(t, indent, summarize, new Formatter(t.dtype, vals));
  }
  if (t.dtype === 'float64' || t.dtype === 'uint8') suffixes.push(`dtype=torch.${t.dtype}`);
  if (t.gradSuffix) suffixes.push(t.gradSuffix);
  return prefix + addSuffixes(body, suffixes, indent);
}
