/**
 * Loop plans for elementwise kernels: the output is contiguous, each input is a strided view
 * (stride 0 on broadcast dims). Adjacent dims that are contiguous with each other in every
 * operand are merged; the last two merged dims become one [rows, cols] kernel call, and any
 * dims above them are walked here, one call per outer index.
 */
export interface BlockPlan {
  rows: number;
  cols: number;
  /** per input: 'v' contiguous columns, 's' one value per row */
  lanes: ('v' | 's')[];
  /** per input: element stride between rows */
  rowStrides: number[];
  /** element offset of every block: output first, then each input */
  blocks: { out: number; ins: number[] }[];
}

export function planBlocks(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  offsets: readonly number[],
): BlockPlan | null {
  const k = strides.length;
  // drop size-1 dims, then merge neighbours that are contiguous with each other everywhere
  const dims: { size: number; st: number[] }[] = [];
  shape.forEach((size, d) => {
    if (size === 1) return;
    const st = strides.map((s) => s[d]!);
    const last = dims[dims.length - 1];
    if (last && st.every((s, j) => last.st[j] === s * size)) {
      last.size *= size;
      last.st = st;
    } else dims.push({ size, st });
  });
  const inner = dims[dims.length - 1] ?? { size: 1, st: strides.map(() => 1) };
  if (!inner.st.every((s) => s === 0 || s === 1)) return null;
  const rowDim = dims.length >= 2 ? dims[dims.length - 2]! : { size: 1, st: strides.map(() => 0) };
  const outer = dims.slice(0, Math.max(0, dims.length - 2));
  const block = inner.size * rowDim.size;
  const blocks: BlockPlan['blocks'] = [];
  const idx = outer.map(() => 0);
  const ins = [...offsets];
  for (let n = 0; ; n++) {
    blocks.push({ out: n * block, ins: [...ins] });
    let d = outer.length - 1;
    while (d >= 0) {
      idx[d]!++;
      for (let j = 0; j < k; j++) ins[j]! += outer[d]!.st[j]!;
      if (idx[d]! < outer[d]!.size) break;
      for (let j = 0; j < k; j++) ins[j]! -= outer[d]!.st[j]! * outer[d]!.size;
      idx[d] = 0;
      d--;
    }
    if (d < 0) break;
  }
  return { rows: rowDim.size, cols: inner.size, lanes: inner.st.map((s) => (s === 1 ? 'v' : 's')), rowStrides: rowDim.st, blocks };
}

/** The single-block plan when every input is dense in the output's shape or one broadcast value. */
export function planDense(
  shape: readonly number[],
  inputs: readonly { shape: readonly number[]; strides: readonly number[]; offset: number }[],
): BlockPlan | null {
  let n = 1;
  for (const s of shape) n *= s;
  const lanes: ('v' | 's')[] = [];
  for (const x of inputs) {
    const st = x.strides;
    let scalar = true;
    let dense = x.shape.length === shape.length;
    let expect = 1;
    for (let d = st.length - 1; d >= 0; d--) {
      const size = x.shape[d]!;
      if (st[d] !== 0 && size !== 1) scalar = false;
      if (dense && (size !== shape[d] || (size !== 1 && st[d] !== expect))) dense = false;
      expect *= size;
    }
    if (scalar) lanes.push('s');
    else if (dense) lanes.push('v');
    else return null;
  }
  return { rows: 1, cols: n, lanes, rowStrides: inputs.map(() => 0), blocks: [{ out: 0, ins: inputs.map((x) => x.offset) }] };
}
