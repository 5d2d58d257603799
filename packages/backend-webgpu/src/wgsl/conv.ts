/**
 * conv2d and its two gradients as implicit GEMMs on the GEMM template (the im2col matrix is never
 * stored: its elements are computed while a tile is loaded), per group g = z:
 *   conv2d                y[b, g*Og+m, p]     = sum_{k=(ic,ki,kj)}  w[g*Og+m, ic, ki, kj] * x[b, g*Cg+ic, p*s - pad + k*d]
 *   conv2dBackpropInput   gx[b, g*Cg+m, q]    = sum_{k=(oc,ki,kj)}  w[g*Og+oc, m, ki, kj] * gy[b, g*Og+oc, (q + pad - k*d) / s]
 *   conv2dBackpropFilter  gw[g*Og+m, n=(ic,ki,kj)] = sum_{k=(b,oh,ow)} gy[b, g*Og+m, oh, ow] * x[b, g*Cg+ic, ...]
 * The filter gradient sums over batch and positions, so K is split (z = g * splits + s) into
 * partial results that the reduction kernel adds. Inputs may have any strides.
 */
import { GEMM_PARAMS, type GemmRows, gemmCode } from './gemm.js';

/** the parameters after the GEMM header: the geometry, then offset and strides of x, w and y (gy) */
const NAMES = [
  'Nb',
  'C',
  'H',
  'W',
  'O',
  'Cg',
  'Og',
  'KH',
  'KW',
  'OH',
  'OW',
  'SH',
  'SW',
  'PH',
  'PW',
  'DH',
  'DW',
  'xOff',
  'xs0',
  'xs1',
  'xs2',
  'xs3',
  'wOff',
  'ws0',
  'ws1',
  'ws2',
  'ws3',
  'yOff',
  'ys0',
  'ys1',
  'ys2',
  'ys3',
  'splits',
  'chunk',
] as const;

/** `let` bindings of every geometry parameter a hook body uses */
function lets(body: string): string {
  return NAMES.filter((n) => new RegExp(`\\b${n}\\b`).test(body))
    .map((n) => `  let ${n} = prm[${GEMM_PARAMS + NAMES.indexOf(n)}];`)
    .join('\n');
}

function fn(signature: string, body: string): string {
  return `fn ${signature} {\n${lets(body)}\n${body}\n}`;
}

/** k or n over (ic, ki, kj) */
const splitTap = (v: string) => `  let khw = KH * KW;
  let ic = ${v} / khw;
  let kr = ${v} - ic * khw;
  let ki = kr / KW;
  let kj = kr - ki * KW;`;

/** How a conv kernel is specialised (each a separate pipeline). */
export interface ConvCodeOptions {
  /** rows of C per thread (GemmSpec.rows) */
  rows?: GemmRows;
}

/** private vars that prepB fills from a thread's B column: a base offset and the row / column origin */
const PREP = 'var<private> pBase: i32;\nvar<private> pRow: i32;\nvar<private> pCol: i32;';

function code(hooks: string[], rows: GemmRows): string {
  return gemmCode({
    ct: 'f32',
    bindings: [
      { name: 'A', type: 'f32', access: 'read' },
      { name: 'B', type: 'f32', access: 'read' },
      { name: 'dst', type: 'f32', access: 'read_write' },
    ],
    hooks: `fn setup(z: i32) {}\n${PREP}\n${hooks.join('\n')}`,
    prepB: true,
    rows,
  });
}

/** A = weight, B = input x; prepB: n = (b, oh, ow) */
export function conv2dCode({ rows = 4 }: ConvCodeOptions = {}): string {
  return code(
    [
      fn('kRange(z: i32) -> vec2<i32>', '  return vec2<i32>(0, Cg * KH * KW);'),
      fn(
        'loadA(z: i32, m: i32, k: i32) -> f32',
        `${splitTap('k')}\n  return A[wOff + (z * Og + m) * ws0 + ic * ws1 + ki * ws2 + kj * ws3];`,
      ),
      fn(
        'prepB(z: i32, n: i32)',
        `  let P = OH * OW;
  let b = n / P;
  let p = n - b * P;
  let oh = p / OW;
  let ow = p - oh * OW;
  pBase = xOff + b * xs0 + z * Cg * xs1;
  pRow = oh * SH - PH;
  pCol = ow * SW - PW;`,
      ),
      fn(
        'loadB(z: i32, k: i32, n: i32) -> f32',
        `${splitTap('k')}
  let ih = pRow + ki * DH;
  let iw = pCol + kj * DW;
  if (ih < 0 || ih >= H || iw < 0 || iw >= W) { return 0.0; }
  return B[pBase + ic * xs1 + ih * xs2 + iw * xs3];`,
      ),
      fn(
        'storeC(z: i32, m: i32, n: i32, v: f32)',
        '  let P = OH * OW;\n  let b = n / P;\n  dst[(b * O + z * Og + m) * P + n - b * P] = v;',
      ),
    ],
    rows,
  );
}

/**
 * A = weight, B = gradOutput; prepB: n = (b, ih, iw). With unit stride (`unitStride`, the
 * caller's promise) the tap needs no divisibility test or division.
 */
export function conv2dBackpropInputCode(unitStride = false, { rows = 4 }: ConvCodeOptions = {}): string {
  const tap = unitStride
    ? `  let oh = pRow - ki * DH;
  let ow = pCol - kj * DW;
  if (oh < 0 || ow < 0 || oh >= OH || ow >= OW) { return 0.0; }`
    : `  let th = pRow - ki * DH;
  let tw = pCol - kj * DW;
  if (th < 0 || tw < 0 || th % SH != 0 || tw % SW != 0) { return 0.0; }
  let oh = th / SH;
  let ow = tw / SW;
  if (oh >= OH || ow >= OW) { return 0.0; }`;
  return code(
    [
      fn('kRange(z: i32) -> vec2<i32>', '  return vec2<i32>(0, Og * KH * KW);'),
      fn(
        'loadA(z: i32, m: i32, k: i32) -> f32',
        `${splitTap('k')}\n  return A[wOff + (z * Og + ic) * ws0 + m * ws1 + ki * ws2 + kj * ws3];`,
      ),
      fn(
        'prepB(z: i32, n: i32)',
        `  let P = H * W;
  let b = n / P;
  let q = n - b * P;
  let ih = q / W;
  let iw = q - ih * W;
  pBase = yOff + b * ys0 + z * Og * ys1;
  pRow = ih + PH;
  pCol = iw + PW;`,
      ),
      fn(
        'loadB(z: i32, k: i32, n: i32) -> f32',
        `${splitTap('k')}
${tap}
  return B[pBase + ic * ys1 + oh * ys2 + ow * ys3];`,
      ),
      fn('storeC(z: i32, m: i32, n: i32, v: f32)', '  let P = H * W;\n  let b = n / P;\n  dst[(b * C + z * Cg + m) * P + n - b * P] = v;'),
    ],
    rows,
  );
}

/** A = gradOutput, B = input x; z = group * splits + split, C is [splits, O * Cg * KH * KW]; prepB: n = (ic, ki, kj) */
export function conv2dBackpropFilterCode({ rows = 4 }: ConvCodeOptions = {}): string {
  const pos = (v: string) => `  let P = OH * OW;
  let b = ${v} / P;
  let p = ${v} - b * P;
  let oh = p / OW;
  let ow = p - oh * OW;`;
  return code(
    [
      fn('kRange(z: i32) -> vec2<i32>', '  let s = z % splits;\n  return vec2<i32>(s * chunk, min(Nb * OH * OW, (s + 1) * chunk));'),
      fn(
        'loadA(z: i32, m: i32, k: i32) -> f32',
        `${pos('k')}\n  let g = z / splits;\n  return A[yOff + b * ys0 + (g * Og + m) * ys1 + oh * ys2 + ow * ys3];`,
      ),
      fn(
        'prepB(z: i32, n: i32)',
        `${splitTap('n')}
  let g = z / splits;
  pBase = xOff + (g * Cg + ic) * xs1;
  pRow = ki * DH - PH;
  pCol = kj * DW - PW;`,
      ),
      fn(
        'loadB(z: i32, k: i32, n: i32) -> f32',
        `${pos('k')}
  let ih = oh * SH + pRow;
  let iw = ow * SW + pCol;
  if (ih < 0 || ih >= H || iw < 0 || iw >= W) { return 0.0; }
  return B[pBase + b * xs0 + ih * xs2 + iw * xs3];`,
      ),
      fn(
        'storeC(z: i32, m: i32, n: i32, v: f32)',
        '  let g = z / splits;\n  let s = z % splits;\n  dst[(s * O + g * Og + m) * prm[1] + n] = v;',
      ),
    ],
    rows,
  );
}
