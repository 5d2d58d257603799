/**
 * Batched matmul on the GEMM template: operands with any strides (transposed ones need no copy)
 * and any batch rank (stride 0 on broadcast batch dims), decoded once per workgroup.
 */
import type { DType } from '@torchlet/tensor/backend';
import type { ComputeType } from '../dtypes.js';
import { loadAs, storeAs, storeType } from '../dtypes.js';
import { decode } from './common.js';
import { GEMM_PARAMS, gemmCode } from './gemm.js';

export interface MatmulClass {
  aDType: DType;
  bDType: DType;
  outDType: DType;
  ct: ComputeType;
  batchRank: number;
}

/** after the GEMM header: [K, aOff, asM, asK, bOff, bsK, bsN, batchShape, aBatchStrides, bBatchStrides] */
export function matmulLayout(batchRank: number) {
  const at = (i: number) => GEMM_PARAMS + i;
  const shapeAt = at(7);
  return { at, shapeAt, aStridesAt: shapeAt + batchRank, bStridesAt: shapeAt + 2 * batchRank };
}

export function matmulCode(c: MatmulClass): string {
  const L = matmulLayout(c.batchRank);
  const p = (i: number) => `prm[${L.at(i)}]`;
  const T = c.ct;
  const hooks = `var<private> ao: i32;
var<private> bo: i32;
fn setup(z: i32) {
  ao = ${p(1)};
  bo = ${p(4)};
${decode(
  'z',
  c.batchRank,
  L.shapeAt,
  [
    { name: 'ao', stridesAt: L.aStridesAt },
    { name: 'bo', stridesAt: L.bStridesAt },
  ],
  'q',
)}
}
fn kRange(z: i32) -> vec2<i32> { return vec2<i32>(0, ${p(0)}); }
fn loadA(z: i32, m: i32, k: i32) -> ${T} { return ${loadAs(c.aDType, T, `A[ao + m * ${p(2)} + k * ${p(3)}]`)}; }
fn loadB(z: i32, k: i32, n: i32) -> ${T} { return ${loadAs(c.bDType, T, `B[bo + k * ${p(5)} + n * ${p(6)}]`)}; }
fn storeC(z: i32, m: i32, n: i32, v: ${T}) { dst[(z * prm[0] + m) * prm[1] + n] = ${storeAs(c.outDType, T, 'v')}; }`;
  return gemmCode({
    ct: T,
    bindings: [
      { name: 'A', type: storeType(c.aDType), access: 'read' },
      { name: 'B', type: storeType(c.bDType), access: 'read' },
      { name: 'dst', type: storeType(c.outDType), access: 'read_write' },
    ],
    hooks,
  });
}
