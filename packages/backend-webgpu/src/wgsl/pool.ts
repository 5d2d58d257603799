/**
 * Flat (ih * W + iw) index of each max-pooling window's maximum: a thread per output, NaN wins,
 * the first maximum on ties, as the CPU kernel.
 */
import type { DType } from '@torchlet/tensor/backend';
import { computeType, loadAs, storeType } from '../dtypes.js';
import { declare, elementIndex, entry, PRELUDE } from './common.js';

/** [n, C, H, W, OH, OW, kh, kw, sh, sw, ph, pw, dh, dw, xOff, xs0, xs1, xs2, xs3] */
export function maxPool2dIndicesCode(dtype: DType): string {
  const ct = computeType(dtype);
  const nan = (v: string) => (ct === 'f32' ? `isnan_(${v})` : 'false');
  return `${PRELUDE}
${declare([
  { name: 'x', type: storeType(dtype), access: 'read' },
  { name: 'dst', type: 'i32', access: 'read_write' },
])}
${entry()}
${elementIndex('prm[0]')}
  let C = prm[1]; let H = prm[2]; let W = prm[3]; let OH = prm[4]; let OW = prm[5];
  let KH = prm[6]; let KW = prm[7]; let SH = prm[8]; let SW = prm[9];
  let PH = prm[10]; let PW = prm[11]; let DH = prm[12]; let DW = prm[13];
  let ow = i % OW;
  var t = i / OW;
  let oh = t % OH;
  t = t / OH;
  let c = t % C;
  let n = t / C;
  let base = prm[14] + n * prm[15] + c * prm[16];
  var best = ${ct}(0);
  var bi = -1;
  var found_nan = false;
  for (var ki = 0; ki < KH; ki++) {
    let ih = oh * SH - PH + ki * DH;
    if (ih < 0 || ih >= H) { continue; }
    for (var kj = 0; kj < KW; kj++) {
      let iw = ow * SW - PW + kj * DW;
      if (iw < 0 || iw >= W) { continue; }
      let v = ${loadAs(dtype, ct, 'x[base + ih * prm[17] + iw * prm[18]]')};
      if (bi < 0 || v > best || ${nan('v')}) {
        best = v;
        bi = ih * W + iw;
        if (${nan('v')}) { found_nan = true; break; }
      }
    }
    if (found_nan) { break; }
  }
  dst[i] = max(bi, 0);
}
`;
}
