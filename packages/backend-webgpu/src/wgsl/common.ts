/**
 * Pieces every generated shader shares: scalar helpers with the host's semantics (NaN, float ->
 * int conversion, pow), binding declarations, the linear workgroup index of a 2-D dispatch and
 * the strided-offset decode of a row-major element index.
 */
import type { StoreType } from '../dtypes.js';

/** Threads per workgroup of the 1-D kernels. */
export const WG = 256;
/**
 * Threads per workgroup of elementwise kernels over at most this many threads: a dispatch of a
 * few elements then does not run 256 mostly idle invocations (measured on SwiftShader: about 10%
 * less time per small dispatch; see bench/profile-op.mjs).
 */
export const SMALL_WG = 64;
/** Threads per workgroup of elementwise kernels over at most this many threads (another ~10% less on SwiftShader). */
export const TINY_WG = 16;

/** The workgroup size of an elementwise kernel of `threads` threads (WG, SMALL_WG or TINY_WG). */
export const elementwiseWG = (threads: number) => (threads <= TINY_WG ? TINY_WG : threads <= SMALL_WG ? SMALL_WG : WG);

/**
 * Scalar helpers. inf/NaN come from private vars so WGSL's constant evaluation (which rejects
 * non-finite values) never sees them; NaN tests look at the bits, which no optimiser folds away.
 */
export const PRELUDE = /* wgsl */ `
var<private> INF_BITS: u32 = 0x7f800000u;
var<private> NAN_BITS: u32 = 0x7fc00000u;
fn inf_() -> f32 { return bitcast<f32>(INF_BITS); }
fn nan_() -> f32 { return bitcast<f32>(NAN_BITS); }
fn isnan_(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u; }
fn isinf_(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) == 0x7f800000u; }
fn f2i(v: f32) -> i32 {
  if (isnan_(v) || isinf_(v)) { return 0; }
  let t = trunc(v);
  if (abs(t) < 2147483648.0) { return i32(t); }
  let m = t - 4294967296.0 * floor(t / 4294967296.0);
  return bitcast<i32>(u32(m));
}
fn reduce2pi(v: f32) -> f32 {
  let k = round(v * 0.15915494309189535);
  return (v - k * 6.28125) - k * 0.0019353071795864769;
}
fn sinpoly(x: f32) -> f32 {
  let x2 = x * x;
  return x * (1.0 + x2 * (-0.16666667 + x2 * (0.008333333 + x2 * (-0.0001984127 + x2 * (2.7557319e-6 + x2 * -2.5052108e-8)))));
}
fn cospoly(x: f32) -> f32 {
  let x2 = x * x;
  return 1.0 + x2 * (-0.5 + x2 * (0.041666668 + x2 * (-0.0013888889 + x2 * (2.4801587e-5 + x2 * (-2.7557319e-7 + x2 * 2.0876757e-9)))));
}
fn sin_(v: f32) -> f32 {
  if (isnan_(v) || isinf_(v)) { return nan_(); }
  let x = reduce2pi(v);
  if (x > 1.5707964) { return sinpoly(3.1415927 - x); }
  if (x < -1.5707964) { return sinpoly(-3.1415927 - x); }
  return sinpoly(x);
}
fn cos_(v: f32) -> f32 {
  if (isnan_(v) || isinf_(v)) { return nan_(); }
  let x = abs(reduce2pi(v));
  if (x > 1.5707964) { return -cospoly(3.1415927 - x); }
  return cospoly(x);
}
fn f2b(v: f32) -> u32 { return select(0u, 1u, v != 0.0 || isnan_(v)); }
fn fmaxn(a: f32, b: f32) -> f32 { if (isnan_(a) || isnan_(b)) { return nan_(); } return max(a, b); }
fn fminn(a: f32, b: f32) -> f32 { if (isnan_(a) || isnan_(b)) { return nan_(); } return min(a, b); }
fn fpow(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return 1.0; }
  if (isnan_(a) || isnan_(b)) { return nan_(); }
  if (a == 0.0) { return select(inf_(), 0.0, b > 0.0); }
  let r = pow(abs(a), b);
  if (a > 0.0) { return r; }
  if (floor(b) != b) { return nan_(); }
  return select(r, -r, fract(b * 0.5) != 0.0);
}
fn ipow(a: i32, b: i32) -> i32 {
  if (b < 0) {
    if (a == 1) { return 1; }
    if (a == -1) { return select(-1, 1, (b & 1) == 0); }
    return 0;
  }
  var r = 1;
  var base = a;
  var e = b;
  loop {
    if (e == 0) { break; }
    if ((e & 1) == 1) { r = r * base; }
    base = base * base;
    e = e >> 1u;
  }
  return r;
}
`;

/** The components of a vec4, in memory order. */
export const VEC_LANES = ['x', 'y', 'z', 'w'] as const;

export type Vec4Type = `vec4<${StoreType}>`;
export const vec4Of = (t: StoreType): Vec4Type => `vec4<${t}>`;

export interface Binding {
  name: string;
  type: StoreType | Vec4Type | 'atomic<u32>';
  access: 'read' | 'read_write';
}

/** binding 0 is the kernel's i32 parameters (`prm`), then the given storage arrays in order. */
export function declare(bindings: readonly Binding[]): string {
  const lines = ['@group(0) @binding(0) var<storage, read> prm: array<i32>;'];
  bindings.forEach((b, i) => {
    lines.push(`@group(0) @binding(${i + 1}) var<storage, ${b.access}> ${b.name}: array<${b.type}>;`);
  });
  return lines.join('\n');
}

/** Entry point header of a 1-D kernel: `wg` is the linear workgroup index of a 2-D dispatch. */
export function entry(size: number | string = WG): string {
  return `@compute @workgroup_size(${size})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let wg = i32(wid.x + wid.y * nwg.x);`;
}

/** `let i = ...; if (i >= n) return;` for thread-per-element kernels. */
export function elementIndex(nExpr: string, size = WG): string {
  return `  let i = wg * ${size} + i32(lid);
  if (i >= ${nExpr}) { return; }`;
}

/**
 * Decode row-major index `idx` over a shape stored at prm[shapeAt..shapeAt+rank) into offsets
 * `o<k>` += coord * prm[stridesAt_k + d]. The `o<k>` must be declared (var) before.
 */
export function decode(idx: string, rank: number, shapeAt: number, offsets: { name: string; stridesAt: number }[], tag = 'r'): string {
  if (rank === 0 || offsets.length === 0) return '';
  if (rank === 1) return offsets.map((o) => `  ${o.name} += ${idx} * prm[${o.stridesAt}];`).join('\n');
  const adds = offsets.map((o) => `    ${o.name} += c * prm[${o.stridesAt} + d];`).join('\n');
  return `  var ${tag} = ${idx};
  for (var d = ${rank - 1}; d >= 0; d--) {
    let s = prm[${shapeAt} + d];
    let c = ${tag} % s;
    ${tag} = ${tag} / s;
${adds}
  }`;
}
