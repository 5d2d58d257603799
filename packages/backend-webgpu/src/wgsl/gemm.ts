/**
 * One tiled GEMM template: C[z][m, n] = sum_k A[z](m, k) * B[z](k, n). A workgroup of 8x8 threads
 * computes a 32x32 tile of C, each thread a 4x4 block, stepping through K in tiles of 16 staged in
 * workgroup memory (for short M, GemmSpec.rows makes the tile 8 or 16 rows). How A and B are fetched and where C goes are WGSL hooks, so the same kernel
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
  /** rows of C per thread (default 4: a TILE x TILE tile) */
  rows?: GemmRows;
}

/** the rows of C a thread computes (GemmSpec.rows): 4, or 2 / 1 for short M (a tile of 8 * rows rows) */
export type GemmRows = 1 | 2 | 4;

/** tile rows for `rows` rows per thread */
export const tileM = (rows: GemmRows) => 8 * rows;

export function gemmCode(s: GemmSpec): string {
  const T = s.ct;
  const rows = s.rows ?? WPT;
  const TM = tileM(rows);
  const RM = Array.from({ length: rows }, (_, i) => i);
  const block = (f: (p: number, q: number) => string) => RM.flatMap((p) => R.map((q) => f(p, q))).join('\n');
  const loadA = `      let am = e / ${TK};
      let ak = e % ${TK};
      var av = ${T}(0);
      if (row0 + am < M && k0 + ak < kr.y) { av = loadA(z, row0 + am, k0 + ak); }
      As[ak * ${TM} + am] = av;`;
  const loadB = `      let bk = e / ${TILE};
      let bn = e % ${TILE};
      var bv = ${T}(0);
      if (k0 + bk < kr.y && col0 + bn < N) { bv = loadB(z, k0 + bk, col0 + bn); }
      Bs[bk * ${TILE} + bn] = bv;`;
  const loop = (count: number, body: string) => `    for (var j = 0; j < ${count}; j++) {
      let e = i32(lid) + 64 * j;
${body}
    }`;
  // a square tile stages A and B in one loop; a short one has fewer A elements to stage
  const loads =
    TM === TILE ? loop((TK * TILE) / 64, `${loadA}\n${loadB}`) : `${loop((TK * TM) / 64, loadA)}\n${loop((TK * TILE) / 64, loadB)}`;
  return `${PRELUDE}
${declare(s.bindings)}
${s.hooks}
var<workgroup> As: array<${T}, ${TK * TM}>;
var<workgroup> Bs: array<${T}, ${TK * TILE}>;
@compute @workgroup_size(8, 8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid3: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let M = prm[0];
  let N = prm[1];
  let z = i32(wid.z) + prm[2];
  let tile = i32(wid.x + wid.y * nwg.x);
  let tilesN = prm[3];
  if (tile >= tilesN * ((M + ${TM - 1}) / ${TM})) { return; }
  let row0 = (tile / tilesN) * ${TM};
  let col0 = (tile % tilesN) * ${TILE};
  setup(z);
  let kr = kRange(z);
  // the B column this thread loads: e % TILE below, the same for every j as 64 is a multiple of TILE
  ${s.prepB ? `prepB(z, col0 + i32(lid) % ${TILE});` : ''}
  let tr = i32(lid3.y) * ${rows};
  let tc = i32(lid3.x) * ${WPT};
  var acc: array<${T}, ${rows * WPT}>;
  for (var k0 = kr.x; k0 < kr.y; k0 += ${TK}) {
${loads}
    workgroupBarrier();
    for (var k = 0; k < ${TK}; k++) {
${RM.map((p) => `      let a${p} = As[k * ${TM} + tr + ${p}];`).join('\n')}
${R.map((q) => `      let b${q} = Bs[k * ${TILE} + tc + ${q}];`).join('\n')}
${block((p, q) => `      acc[${p * WPT + q}] += a${p} * b${q};`)}
    }
    workgroupBarrier();
  }
${block((p, q) => `  if (row0 + tr + ${p} < M && col0 + tc + ${q} < N) { storeC(z, row0 + tr + ${p}, col0 + tc + ${q}, acc[${p * WPT + q}]); }`)}
}
`;
}
