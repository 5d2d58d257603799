/**
 * gather / indexSelect read through an index; scatterAdd / indexAdd invert the scatter so every
 * output element loops over the index entries that can hit it and adds their sources in index
 * order: no atomics, no races, the same order (and so the same float result) as the CPU's loop.
 * Out-of-range indices read 0 or are skipped; a separate check kernel flags them for the host.
 */
import type { DType } from '@torchlet/tensor/backend';
import { computeType, loadAs, storeAs, storeType } from '../dtypes.js';
import { decode, declare, elementIndex, entry, PRELUDE } from './common.js';

const zeroOf = (dtype: DType) => `${storeType(dtype)}(0)`;
const loadIndex = (dtype: DType, expr: string) => loadAs(dtype, 'i32', expr);

/** [n, size, slot, offset, shape(rank), strides(rank)]: flag index values outside [0, size). */
export function indexCheckCode(rank: number, idxDType: DType): string {
  return `${PRELUDE}
${declare([
  { name: 'ix', type: storeType(idxDType), access: 'read' },
  { name: 'err', type: 'atomic<u32>', access: 'read_write' },
])}
${entry()}
${elementIndex('prm[0]')}
  var o = prm[3];
${decode('i', rank, 4, [{ name: 'o', stridesAt: 4 + rank }])}
  let v = ${loadIndex(idxDType, 'ix[o]')};
  if (v < 0 || v >= prm[1]) {
    let s = u32(prm[2]);
    atomicMax(&err[2u * s], 1u);
    atomicStore(&err[2u * s + 1u], bitcast<u32>(v));
  }
}
`;
}

/** [n, dim, size, xOff, iOff, shape(r) = index shape, xStrides(r), iStrides(r)] */
export function gatherCode(rank: number, dtype: DType, idxDType: DType): string {
  const SH = 5;
  const XS = SH + rank;
  const IS = XS + rank;
  return `${PRELUDE}
${declare([
  { name: 'x', type: storeType(dtype), access: 'read' },
  { name: 'ix', type: storeType(idxDType), access: 'read' },
  { name: 'dst', type: storeType(dtype), access: 'read_write' },
])}
${entry()}
${elementIndex('prm[0]')}
  let dim = prm[1];
  var rem = i;
  var xo = prm[3];
  var io = prm[4];
  for (var d = ${rank - 1}; d >= 0; d--) {
    let s = prm[${SH} + d];
    let c = rem % s;
    rem = rem / s;
    io += c * prm[${IS} + d];
    if (d != dim) { xo += c * prm[${XS} + d]; }
  }
  let v = ${loadIndex(idxDType, 'ix[io]')};
  if (v >= 0 && v < prm[2]) { dst[i] = x[xo + v * prm[${XS} + dim]]; } else { dst[i] = ${zeroOf(dtype)}; }
}
`;
}

/** [n, dim, size, xOff, iOff, iStride, shape(r) = output shape, xStrides(r)] */
export function indexSelectCode(rank: number, dtype: DType, idxDType: DType): string {
  const SH = 6;
  const XS = SH + rank;
  return `${PRELUDE}
${declare([
  { name: 'x', type: storeType(dtype), access: 'read' },
  { name: 'ix', type: storeType(idxDType), access: 'read' },
  { name: 'dst', type: storeType(dtype), access: 'read_write' },
])}
${entry()}
${elementIndex('prm[0]')}
  let dim = prm[1];
  var rem = i;
  var xo = prm[3];
  var j = 0;
  for (var d = ${rank - 1}; d >= 0; d--) {
    let s = prm[${SH} + d];
    let c = rem % s;
    rem = rem / s;
    if (d == dim) { j = c; } else { xo += c * prm[${XS} + d]; }
  }
  let v = ${loadIndex(idxDType, 'ix[prm[4] + j * prm[5]]')};
  if (v >= 0 && v < prm[2]) { dst[i] = x[xo + v * prm[${XS} + dim]]; } else { dst[i] = ${zeroOf(dtype)}; }
}
`;
}

/** [n, dim, baseOff, idxOff, srcOff, baseShape(r), baseStrides(r), idxShape(r), idxStrides(r), srcStrides(r)] */
export function scatterAddCode(rank: number, dtype: DType, idxDType: DType): string {
  const ct = computeType(dtype);
  const BSH = 5;
  const BST = BSH + rank;
  const ISH = BST + rank;
  const IST = ISH + rank;
  const SST = IST + rank;
  return `${PRELUDE}
${declare([
  { name: 'base', type: storeType(dtype), access: 'read' },
  { name: 'ix', type: storeType(idxDType), access: 'read' },
  { name: 'src', type: storeType(dtype), access: 'read' },
  { name: 'dst', type: storeType(dtype), access: 'read_write' },
])}
${entry()}
${elementIndex('prm[0]')}
  let dim = prm[1];
  var rem = i;
  var bo = prm[2];
  var io = prm[3];
  var so = prm[4];
  var inside = true;
  var cd = 0;
  for (var d = ${rank - 1}; d >= 0; d--) {
    let s = prm[${BSH} + d];
    let c = rem % s;
    rem = rem / s;
    bo += c * prm[${BST} + d];
    if (d == dim) {
      cd = c;
    } else {
      if (c >= prm[${ISH} + d]) { inside = false; }
      io += c * prm[${IST} + d];
      so += c * prm[${SST} + d];
    }
  }
  var acc = ${loadAs(dtype, ct, 'base[bo]')};
  if (inside) {
    let count = prm[${ISH} + dim];
    let istep = prm[${IST} + dim];
    let sstep = prm[${SST} + dim];
    for (var j = 0; j < count; j++) {
      if (${loadIndex(idxDType, 'ix[io + j * istep]')} == cd) { acc += ${loadAs(dtype, ct, 'src[so + j * sstep]')}; }
    }
  }
  dst[i] = ${storeAs(dtype, ct, 'acc')};
}
`;
}

/**
 * scatterAdd driven by the index, for when it has fewer entries than the output (dst already holds
 * base): a thread per index entry; the first entry of its row with a given value owns that output
 * element and adds, in index order, the sources of every entry with that value, so each element
 * has one writer and the sum runs in the order of the loop above.
 * [m, dim, size, idxOff, srcOff, idxShape(r), idxStrides(r), srcStrides(r), dstStrides(r)]
 */
export function scatterAddOwnersCode(rank: number, dtype: DType, idxDType: DType): string {
  const ct = computeType(dtype);
  const ISH = 5;
  const IST = ISH + rank;
  const SST = IST + rank;
  const DST = SST + rank;
  return `${PRELUDE}
${declare([
  { name: 'ix', type: storeType(idxDType), access: 'read' },
  { name: 'src', type: storeType(dtype), access: 'read' },
  { name: 'dst', type: storeType(dtype), access: 'read_write' },
])}
${entry()}
${elementIndex('prm[0]')}
  let dim = prm[1];
  var rem = i;
  var io = prm[3];
  var so = prm[4];
  var dofs = 0;
  var j = 0;
  for (var d = ${rank - 1}; d >= 0; d--) {
    let s = prm[${ISH} + d];
    let c = rem % s;
    rem = rem / s;
    if (d == dim) {
      j = c;
    } else {
      io += c * prm[${IST} + d];
      so += c * prm[${SST} + d];
      dofs += c * prm[${DST} + d];
    }
  }
  let count = prm[${ISH} + dim];
  let istep = prm[${IST} + dim];
  let sstep = prm[${SST} + dim];
  let v = ${loadIndex(idxDType, 'ix[io + j * istep]')};
  if (v < 0 || v >= prm[2]) { return; }
  for (var t = 0; t < j; t++) {
    if (${loadIndex(idxDType, 'ix[io + t * istep]')} == v) { return; }
  }
  let at = dofs + v * prm[${DST} + dim];
  var acc = ${loadAs(dtype, ct, 'dst[at]')};
  for (var t = j; t < count; t++) {
    if (${loadIndex(idxDType, 'ix[io + t * istep]')} == v) { acc += ${loadAs(dtype, ct, 'src[so + t * sstep]')}; }
  }
  dst[at] = ${storeAs(dtype, ct, 'acc')};
}
`;
}

/** [n, dim, count, baseOff, idxOff, idxStride, srcOff, shape(r) = base shape, baseStrides(r), srcStrides(r)] */
export function indexAddCode(rank: number, dtype: DType, idxDType: DType): string {
  const ct = computeType(dtype);
  const SH = 7;
  const BST = SH + rank;
  const SST = BST + rank;
  return `${PRELUDE}
${declare([
  { name: 'base', type: storeType(dtype), access: 'read' },
  { name: 'ix', type: storeType(idxDType), access: 'read' },
  { name: 'src', type: storeType(dtype), access: 'read' },
  { name: 'dst', type: storeType(dtype), access: 'read_write' },
])}
${entry()}
${elementIndex('prm[0]')}
  let dim = prm[1];
  var rem = i;
  var bo = prm[3];
  var so = prm[6];
  var cd = 0;
  for (var d = ${rank - 1}; d >= 0; d--) {
    let s = prm[${SH} + d];
    let c = rem % s;
    rem = rem / s;
    bo += c * prm[${BST} + d];
    if (d == dim) { cd = c; } else { so += c * prm[${SST} + d]; }
  }
  var acc = ${loadAs(dtype, ct, 'base[bo]')};
  let sstep = prm[${SST} + dim];
  for (var j = 0; j < prm[2]; j++) {
    if (${loadIndex(idxDType, 'ix[prm[4] + j * prm[5]]')} == cd) { acc += ${loadAs(dtype, ct, 'src[so + j * sstep]')}; }
  }
  dst[i] = ${storeAs(dtype, ct, 'acc')};
}
`;
}
