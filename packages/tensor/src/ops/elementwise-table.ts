/**
 * The elementwise ops, declared once: their dtype rule, the scalar function a host backend runs
 * and the WGSL expression a GPU backend compiles. Kernels, tensor methods and docs all come from
 * these tables.
 */

/** How an elementwise op picks its output dtype from its (promoted) input dtype. */
export type OutRule = 'same' | 'float' | 'bool';

export interface UnaryOpDef {
  readonly out: OutRule;
  /** host implementation on JS numbers */
  readonly cpu: (x: number) => number;
  /** WGSL expression in `x` (f32, or i32/u32 for `same` ops on integer inputs) */
  readonly wgsl: string;
  readonly doc: string;
}

export interface BinaryOpDef {
  readonly out: OutRule;
  readonly cpu: (a: number, b: number) => number;
  /** integer variant when JS double arithmetic would differ from 32-bit integer arithmetic */
  readonly cpuInt?: (a: number, b: number) => number;
  readonly wgsl: string;
  readonly doc: string;
}

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

export const UNARY_OPS = {
  neg: { out: 'same', cpu: (x) => -x, wgsl: '-x', doc: 'negation' },
  abs: { out: 'same', cpu: Math.abs, wgsl: 'abs(x)', doc: 'absolute value' },
  sign: { out: 'same', cpu: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), wgsl: 'sign(x)', doc: 'sign: -1, 0 or 1' },
  exp: { out: 'float', cpu: Math.exp, wgsl: 'exp(x)', doc: 'e to the x' },
  log: { out: 'float', cpu: Math.log, wgsl: 'log(x)', doc: 'natural logarithm' },
  sqrt: { out: 'float', cpu: Math.sqrt, wgsl: 'sqrt(x)', doc: 'square root' },
  rsqrt: { out: 'float', cpu: (x) => 1 / Math.sqrt(x), wgsl: 'inverseSqrt(x)', doc: 'reciprocal square root' },
  sin: { out: 'float', cpu: Math.sin, wgsl: 'sin(x)', doc: 'sine' },
  cos: { out: 'float', cpu: Math.cos, wgsl: 'cos(x)', doc: 'cosine' },
  tanh: { out: 'float', cpu: Math.tanh, wgsl: 'tanh(x)', doc: 'hyperbolic tangent' },
  sigmoid: { out: 'float', cpu: sigmoid, wgsl: '1.0 / (1.0 + exp(-x))', doc: 'logistic sigmoid' },
  relu: { out: 'same', cpu: (x) => (x > 0 ? x : 0), wgsl: 'max(x, 0)', doc: 'max(x, 0)' },
  logicalNot: { out: 'bool', cpu: (x) => (x ? 0 : 1), wgsl: 'select(0, 1, x == 0)', doc: 'logical not' },
} as const satisfies Record<string, UnaryOpDef>;

export const BINARY_OPS = {
  add: { out: 'same', cpu: (a, b) => a + b, wgsl: 'a + b', doc: 'a + b' },
  sub: { out: 'same', cpu: (a, b) => a - b, wgsl: 'a - b', doc: 'a - b' },
  mul: { out: 'same', cpu: (a, b) => a * b, cpuInt: Math.imul, wgsl: 'a * b', doc: 'a * b' },
  div: { out: 'float', cpu: (a, b) => a / b, wgsl: 'a / b', doc: 'true division a / b' },
  pow: { out: 'same', cpu: Math.pow, wgsl: 'pow(a, b)', doc: 'a to the power b' },
  maximum: { out: 'same', cpu: (a, b) => (a !== a || b !== b ? NaN : Math.max(a, b)), wgsl: 'max(a, b)', doc: 'elementwise maximum (NaN propagates)' },
  minimum: { out: 'same', cpu: (a, b) => (a !== a || b !== b ? NaN : Math.min(a, b)), wgsl: 'min(a, b)', doc: 'elementwise minimum (NaN propagates)' },
  eq: { out: 'bool', cpu: (a, b) => +(a === b), wgsl: 'a == b', doc: 'a == b' },
  ne: { out: 'bool', cpu: (a, b) => +(a !== b), wgsl: 'a != b', doc: 'a != b' },
  lt: { out: 'bool', cpu: (a, b) => +(a < b), wgsl: 'a < b', doc: 'a < b' },
  le: { out: 'bool', cpu: (a, b) => +(a <= b), wgsl: 'a <= b', doc: 'a <= b' },
  gt: { out: 'bool', cpu: (a, b) => +(a > b), wgsl: 'a > b', doc: 'a > b' },
  ge: { out: 'bool', cpu: (a, b) => +(a >= b), wgsl: 'a >= b', doc: 'a >= b' },
  logicalAnd: { out: 'bool', cpu: (a, b) => +(!!a && !!b), wgsl: 'a != 0 && b != 0', doc: 'logical and' },
  logicalOr: { out: 'bool', cpu: (a, b) => +(!!a || !!b), wgsl: 'a != 0 || b != 0', doc: 'logical or' },
} as const satisfies Record<string, BinaryOpDef>;

export type UnaryOpName = keyof typeof UNARY_OPS;
export type BinaryOpName = keyof typeof BINARY_OPS;
