/**
 * The elementwise ops, declared once: their dtype rule, their meaning as a function on JS numbers
 * (which the CPU backend runs and every backend must match) and a one-line doc. The functional
 * forms, the Tensor method types and their docs are generated from these tables
 * (generated/table-ops.ts); each backend keys its own code by these op names (backend-webgpu's
 * WGSL in its wgsl/elementwise-ops.ts), so a backend that misses an op does not compile.
 */

/** How an elementwise op picks its output dtype from its (promoted) input dtype. */
export type OutRule = 'same' | 'float' | 'bool';

/** One unary elementwise op of {@link UNARY_OPS}. */
export interface UnaryOpDef {
  /** How the output dtype follows from the input's. */
  readonly out: OutRule;
  /** host implementation on JS numbers */
  readonly cpu: (x: number) => number;
  /** One-line description, used in the generated method docs. */
  readonly doc: string;
}

/** One binary elementwise op of {@link BINARY_OPS}. */
export interface BinaryOpDef {
  /** How the output dtype follows from the inputs' promoted dtype. */
  readonly out: OutRule;
  /** host implementation on JS numbers */
  readonly cpu: (a: number, b: number) => number;
  /** integer variant when JS double arithmetic would differ from 32-bit integer arithmetic */
  readonly cpuInt?: (a: number, b: number) => number;
  /** One-line description, used in the generated method docs. */
  readonly doc: string;
}

/**
 * The unary elementwise ops' names: the keys of {@link UNARY_OPS} (the compiler checks that each
 * name has an entry and each entry a name).
 */
export type UnaryOpName =
  | 'neg'
  | 'abs'
  | 'sign'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'rsqrt'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'sigmoid'
  | 'erf'
  | 'relu'
  | 'logicalNot';

/**
 * The binary elementwise ops' names: the keys of {@link BINARY_OPS} (the compiler checks that each
 * name has an entry and each entry a name).
 */
export type BinaryOpName =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'logicalAnd'
  | 'logicalOr';

/** erf to double precision: Taylor series near 0, continued fraction for erfc in the tails. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity || x === -Infinity) return Math.sign(x);
  const ax = Math.abs(x);
  if (ax < 3) {
    let term = ax;
    let sum = ax;
    const x2 = ax * ax;
    for (let n = 1; n < 60; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    const r = (2 / Math.sqrt(Math.PI)) * sum;
    return x < 0 ? -r : r;
  }
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))) by Lentz's method
  let f = ax;
  let c = ax;
  let d = 0;
  for (let n = 1; n < 100; n++) {
    const a = n / 2;
    d = ax + a * d;
    d = d === 0 ? 1e-300 : 1 / d;
    c = ax + a / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return x < 0 ? erfc - 1 : 1 - erfc;
}

/** C's pow: 1 to any power (NaN included) and -1 to an infinite power are 1, where Math.pow gives NaN. */
const pow = (a: number, b: number) => (a === 1 || (a === -1 && (b === Infinity || b === -Infinity)) ? 1 : a ** b);

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/**
 * The unary elementwise ops: each one's output dtype rule, its meaning on JS numbers and a
 * one-line doc (see each entry's `doc`; the Tensor methods' docs are generated from it).
 */
export const UNARY_OPS: Readonly<Record<UnaryOpName, UnaryOpDef>> = {
  neg: { out: 'same', cpu: (x) => -x, doc: 'negation' },
  abs: { out: 'same', cpu: Math.abs, doc: 'absolute value' },
  sign: { out: 'same', cpu: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), doc: 'sign: -1, 0 or 1' },
  exp: { out: 'float', cpu: Math.exp, doc: 'e to the x' },
  log: { out: 'float', cpu: Math.log, doc: 'natural logarithm' },
  sqrt: { out: 'float', cpu: Math.sqrt, doc: 'square root' },
  rsqrt: { out: 'float', cpu: (x) => 1 / Math.sqrt(x), doc: 'reciprocal square root' },
  sin: { out: 'float', cpu: Math.sin, doc: 'sine' },
  cos: { out: 'float', cpu: Math.cos, doc: 'cosine' },
  tanh: { out: 'float', cpu: Math.tanh, doc: 'hyperbolic tangent' },
  sigmoid: { out: 'float', cpu: sigmoid, doc: 'logistic sigmoid' },
  erf: { out: 'float', cpu: erf, doc: 'Gauss error function' },
  relu: { out: 'same', cpu: (x) => (x > 0 || Number.isNaN(x) ? x : 0), doc: 'max(x, 0) (NaN stays NaN)' },
  logicalNot: { out: 'bool', cpu: (x) => +(x === 0), doc: 'logical not' },
};

/**
 * The binary elementwise ops (broadcasting, with dtype promotion): each one's output dtype rule,
 * its meaning on JS numbers and a one-line doc (see each entry's `doc`).
 */
export const BINARY_OPS: Readonly<Record<BinaryOpName, BinaryOpDef>> = {
  add: { out: 'same', cpu: (a, b) => a + b, doc: 'a + b' },
  sub: { out: 'same', cpu: (a, b) => a - b, doc: 'a - b' },
  mul: { out: 'same', cpu: (a, b) => a * b, cpuInt: Math.imul, doc: 'a * b' },
  div: { out: 'float', cpu: (a, b) => a / b, doc: 'true division a / b' },
  pow: { out: 'same', cpu: pow, doc: 'a to the power b' },
  maximum: {
    out: 'same',
    cpu: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)),
    doc: 'elementwise maximum (NaN propagates)',
  },
  minimum: {
    out: 'same',
    cpu: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)),
    doc: 'elementwise minimum (NaN propagates)',
  },
  eq: { out: 'bool', cpu: (a, b) => +(a === b), doc: 'a == b' },
  ne: { out: 'bool', cpu: (a, b) => +(a !== b), doc: 'a != b' },
  lt: { out: 'bool', cpu: (a, b) => +(a < b), doc: 'a < b' },
  le: { out: 'bool', cpu: (a, b) => +(a <= b), doc: 'a <= b' },
  gt: { out: 'bool', cpu: (a, b) => +(a > b), doc: 'a > b' },
  ge: { out: 'bool', cpu: (a, b) => +(a >= b), doc: 'a >= b' },
  logicalAnd: { out: 'bool', cpu: (a, b) => +(a !== 0 && b !== 0), doc: 'logical and' },
  logicalOr: { out: 'bool', cpu: (a, b) => +(a !== 0 || b !== 0), doc: 'logical or' },
};
