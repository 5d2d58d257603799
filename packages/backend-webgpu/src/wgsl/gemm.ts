/**
 * One tiled GEMM template: C[z][m, n] = sum_k A[z](m, k) * B[z](k, n). A workgroup of 8x8 threads
 * computes a 32x32 tile of C, each thread a 4x4 block, stepping through K in tiles of 16 staged in
 * workgroup memory. How A and B are fetched and where C goes are WGSL hooks, so the same kernel
 * is the batched strided matmul and, as implicit GEMMs (im2col done on the fly while loading a
 * tile), conv2d and both of its gradients.
 *
 * Hooks the caller defines (z is the batch / group / split index, uniform per workgroup):
 *   fn setup(z: i32)                        per-workgroup bases in private vars
 *   fn kRange(z: i32) -> vec2<i32>          the k interval to sum over (uniform)
 *   fn loadA(z: i32, m: i32, k: i32) -> T   called for m < M, k in range
 *   fn loadB(z: i32, k: i32, n: i32) -> T   called for n < N, k in range
 *   fn storeC(z: i32, m: i32, n: i32, v: T) called for m < M, n < N
 *   fn prepB(z: i32, n: i32)                optional (GemmSpec.prepB): a thread loads B only at one
 *                                           column n (any value, even n >= N), so loadB can use
 *                                           what prepB derived from n once into private vars
 * Parameters: prm[0] = M, prm[1] = N, prm[2] = first z of this dispatch, prm[3] = tiles along N;
 * the hooks' own parameters start at GEMM_PARAMS.
 */
import type { ComputeType } from '../dtypes.js';
import { declare, PRELUDE, type Binding } from './common.js';

/** outputs per thread along each dim; 8x8 threads make a TILE x TILE output tile */
const WPT = 4;
export const TILE = 8 * WPT;
const TK = 16;
const R = Array.from({ length: WPT }, (_, i) => i);
export const GEMM_PARAMS = 4;

export interface GemmSpec {
  ct: ComputeType;
  bindings: Binding[];
  hooks: string;
  /** the hooks define prepB */
  prepB?: boolean;
}

const block = (f: (p: number, q: number) => string) => R.flatMap((p) => R.map((q) => f(p, q))).join('\n');

export function gemmCode(s: GemmSpec): string {
  const T = s.ct;
  return `${PRELUDE}
${declare(s.bindings)}
${s.hooks}
var<workgroup> As: array<${T}, ${TK * TILE}>;
var<workgroup> Bs: array<${T}, ${TK * TILE}>;
@compute @workgroup_size(8, 8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid3: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let M = prm[0];
  let N = prm[1];
  let z = i32(wid.z) + prm[2];
  let tile = i32(wid.x + wid.y * nwg.x);
  let tilesN = prm[3];
  if (tile >= tilesN * ((M + ${TILE - 1}) / ${TILE})) { return; }
  let row0 = (tile / tilesN) * ${TILE};
  let col0 = (tile % tilesN) * ${TILE};
  setup(z);
  let kr = kRange(z);
  // the B column this thread loads: e % TILE below, the same for every j as 64 is a multiple of TILE
  ${s.prepB ? `prepB(z, col0 + i32(lid) % ${TILE});` : ''}
  let tr = i32(lid3.y) * ${WPT};
  let tc = i32(lid3.x) * ${WPT};
  var acc: array<${T}, ${WPT * WPT}>;
  for (var k0 = kr.x; k0 < kr.y; k0 += ${TK}) {
    for (var j = 0; j < ${(TK * TILE) / 64}; j++) {
      let e = i32(lid) + 64 * j;
      let am = e / ${TK};
      let ak = e % ${TK};
      var av = ${T}(0);
      if (row0 + am < M && k0 + ak < kr.y) { av = loadA(z, row0 + am, k0 + ak); }
      As[ak * ${TILE} + am] = av;
      let bk = e / ${TILE};
      let bn = e % ${TILE};
      var bv = ${T}(0);
      if (k0 + bk < kr.y && col0 + bn < N) { bv = loadB(z, k0 + bk, col0 + bn); }
      Bs[bk * ${TILE} + bn] = bv;
    }
    workgroupBarrier();
    for (var k = 0; k < ${TK}; k++) {
${R.map((p) => `      let a${p} = As[k * ${TILE} + tr + ${p}];`).join('\n')}
${R.map((q) => `      let b${q} = Bs[k * ${TILE} + tc + ${q}];`).join('\n')}
${block((p, q) => `      acc[${p * WPT + q}] += a${p} * b${q};`)}
    }
    workgroupBarrier();
  }
${block((p, q) => `  if (row0 + tr + ${p} < M && col0 + tc + ${q} < N) { storeC(z, row0 + tr + ${p}, col0 + tc + ${q}, acc[${p * WPT + q}]); }`)}
}
`;
}
