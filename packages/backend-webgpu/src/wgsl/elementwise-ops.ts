import type { BinaryOpName, UnaryOpName } from '@torchlet/tensor/backend';

/** Abramowitz-Stegun 7.1.26 in WGSL (abs error < 1.5e-7, enough for f32). */
const ERF_T = '(1.0 / (1.0 + 0.3275911 * abs(x)))';
const ERF = `sign(x) * (1.0 - ((((1.061405429 * ${ERF_T} - 1.453152027) * ${ERF_T} + 1.421413741) * ${ERF_T} - 0.284496736) * ${ERF_T} + 0.254829592) * ${ERF_T} * exp(-x * x))`;

/**
 * The WGSL expression of each unary table op, in `x` (f32, or i32/u32 for `same` ops on integer
 * inputs). Keyed by the table's op names, so an op missing here is a compile error.
 * kernels/elementwise.ts replaces a few of these per compute type (OVERRIDES there).
 * @example UNARY_WGSL.exp // 'exp(x)'
 */
export const UNARY_WGSL = {
  neg: '-x',
  abs: 'abs(x)',
  sign: 'sign(x)',
  exp: 'exp(x)',
  log: 'log(x)',
  sqrt: 'sqrt(x)',
  rsqrt: 'inverseSqrt(x)',
  sin: 'sin(x)',
  cos: 'cos(x)',
  tanh: 'tanh(x)',
  sigmoid: '1.0 / (1.0 + exp(-x))',
  erf: ERF,
  relu: 'max(x, 0)',
  logicalNot: 'select(0, 1, x == 0)',
} as const satisfies Record<UnaryOpName, string>;

/**
 * The WGSL expression of each binary table op, in `a` and `b` (comparisons give a WGSL bool).
 * Keyed by the table's op names, so an op missing here is a compile error.
 * @example BINARY_WGSL.add // 'a + b'
 */
export const BINARY_WGSL = {
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b',
  div: 'a / b',
  pow: 'pow(a, b)',
  maximum: 'max(a, b)',
  minimum: 'min(a, b)',
  eq: 'a == b',
  ne: 'a != b',
  lt: 'a < b',
  le: 'a <= b',
  gt: 'a > b',
  ge: 'a >= b',
  logicalAnd: 'a != 0 && b != 0',
  logicalOr: 'a != 0 || b != 0',
} as const satisfies Record<BinaryOpName, string>;
