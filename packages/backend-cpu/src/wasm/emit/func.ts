import { f32bytes, f64bytes, sleb, uleb, VALTYPE, type ValType } from './encode.js';

/**
 * A value left on the WebAssembly operand stack. Emitters take their operands as arguments only
 * so that call sites read like expressions: JavaScript evaluates arguments left to right, which
 * is exactly the order a stack machine needs, e.g. `f.f32x4Add(f.load(a), f.load(b))`.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: emitters that push nothing (stores, control flow) return void, and still type as E arguments
export type E = { readonly __stack: unique symbol } | void;

/** A local variable (parameters come first). */
export type Local = number & { readonly __local: unique symbol };

const SIMD = 0xfd;

/** Log2 of natural alignment for memory instructions. */
const ALIGN = { i32: 2, i64: 3, f32: 2, f64: 3, v128: 4, i8: 0, i16: 1 } as const;

/** A tuple of `N` locals. */
export type Locals<N extends number, R extends Local[] = []> = R['length'] extends N ? R : Locals<N, [...R, Local]>;

/** Builds the body of one function. */
export class Func {
  readonly code: number[] = [];
  private readonly locals: ValType[] = [];
  constructor(
    readonly name: string,
    readonly params: readonly ValType[],
    readonly results: readonly ValType[],
  ) {}

  param(i: number): Local {
    return i as Local;
  }
  /**
   * `n` consecutive parameters from `first` as a tuple of locals, for destructuring:
   * `const [out, x, n] = f.args(3)`. Asking past the function's parameters is an error.
   */
  args<N extends number>(n: N, first = 0): Locals<N> {
    if (first + n > this.params.length) throw new RangeError(`${this.name} has no parameter ${first + n - 1}`);
    return Array.from({ length: n }, (_, i) => (first + i) as Local) as Locals<N>;
  }
  /** A new local of the given type. */
  local(t: ValType): Local {
    this.locals.push(t);
    return (this.params.length + this.locals.length - 1) as Local;
  }

  /** The body as a code-section entry (locals, instructions, end). */
  encode(): number[] {
    const out: number[] = [];
    const groups: [number, ValType][] = [];
    for (const t of this.locals) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    uleb(out, groups.length);
    for (const [n, t] of groups) {
      uleb(out, n);
      out.push(VALTYPE[t]);
    }
    out.push(...this.code, 0x0b);
    return out;
  }

  // ---- raw emission -------------------------------------------------------------------------
  op(...bytes: number[]): E {
    for (const b of bytes) this.code.push(b);
  }
  private simd(code: number, ..._args: E[]): E {
    this.code.push(SIMD);
    uleb(this.code, code);
  }
  private mem(opcode: number[], alignLog2: number, offset: number): E {
    this.code.push(...opcode);
    uleb(this.code, alignLog2);
    uleb(this.code, offset);
  }

  // ---- locals and constants -----------------------------------------------------------------
  get(l: Local): E {
    this.code.push(0x20);
    uleb(this.code, l);
  }
  set(l: Local, _v?: E): E {
    this.code.push(0x21);
    uleb(this.code, l);
  }
  tee(l: Local, _v?: E): E {
    this.code.push(0x22);
    uleb(this.code, l);
  }
  i32(v: number): E {
    this.code.push(0x41);
    sleb(this.code, v | 0);
  }
  f32(v: number): E {
    this.code.push(0x43);
    f32bytes(this.code, v);
  }
  f64(v: number): E {
    this.code.push(0x44);
    f64bytes(this.code, v);
  }
  drop(_v?: E): E {
    this.code.push(0x1a);
  }
  /** c ? a : b */
  select(_a: E, _b: E, _c: E): E {
    this.code.push(0x1b);
  }
  call(index: number, ..._args: E[]): E {
    this.code.push(0x10);
    uleb(this.code, index);
  }

  // ---- control flow -------------------------------------------------------------------------
  block(body: () => void): void {
    this.code.push(0x02, 0x40);
    body();
    this.code.push(0x0b);
  }
  loop(body: () => void): void {
    this.code.push(0x03, 0x40);
    body();
    this.code.push(0x0b);
  }
  if(_cond: E, then: () => void, otherwise?: () => void): void {
    this.code.push(0x04, 0x40);
    then();
    if (otherwise) {
      this.code.push(0x05);
      otherwise();
    }
    this.code.push(0x0b);
  }
  br(depth: number): E {
    this.code.push(0x0c);
    uleb(this.code, depth);
  }
  brIf(depth: number, _cond?: E): E {
    this.code.push(0x0d);
    uleb(this.code, depth);
  }
  return(..._v: E[]): E {
    this.code.push(0x0f);
  }

  /**
   * `for (i = from; i < to; i += step) body()` on i32 locals; `to` is re-evaluated each trip,
   * so pass a local. The body may `br(1)` to continue... use `continueDepth` helpers sparingly.
   */
  for(i: Local, from: () => E, to: () => E, step: number, body: () => void): void {
    this.set(i, from());
    this.block(() =>
      this.loop(() => {
        this.brIf(1, this.i32GeS(this.get(i), to()));
        body();
        this.set(i, this.i32Add(this.get(i), this.i32(step)));
        this.br(0);
      }),
    );
  }

  // ---- i32 ----------------------------------------------------------------------------------
  i32Add(_a: E, _b: E): E {
    return this.op(0x6a);
  }
  i32Sub(_a: E, _b: E): E {
    return this.op(0x6b);
  }
  i32Mul(_a: E, _b: E): E {
    return this.op(0x6c);
  }
  i32DivS(_a: E, _b: E): E {
    return this.op(0x6d);
  }
  i32RemS(_a: E, _b: E): E {
    return this.op(0x6f);
  }
  i32And(_a: E, _b: E): E {
    return this.op(0x71);
  }
  i32Or(_a: E, _b: E): E {
    return this.op(0x72);
  }
  i32Xor(_a: E, _b: E): E {
    return this.op(0x73);
  }
  i32Shl(_a: E, _b: E): E {
    return this.op(0x74);
  }
  i32ShrS(_a: E, _b: E): E {
    return this.op(0x75);
  }
  i32ShrU(_a: E, _b: E): E {
    return this.op(0x76);
  }
  i32Eqz(_a: E): E {
    return this.op(0x45);
  }
  i32Eq(_a: E, _b: E): E {
    return this.op(0x46);
  }
  i32Ne(_a: E, _b: E): E {
    return this.op(0x47);
  }
  i32LtS(_a: E, _b: E): E {
    return this.op(0x48);
  }
  i32LtU(_a: E, _b: E): E {
    return this.op(0x49);
  }
  i32GtS(_a: E, _b: E): E {
    return this.op(0x4a);
  }
  i32LeS(_a: E, _b: E): E {
    return this.op(0x4c);
  }
  i32GeS(_a: E, _b: E): E {
    return this.op(0x4e);
  }
  i32GeU(_a: E, _b: E): E {
    return this.op(0x4f);
  }
  /** local += v */
  inc(l: Local, v: number | (() => E)): E {
    this.get(l);
    if (typeof v === 'number') this.i32(v);
    else v();
    this.op(0x6a);
    return this.set(l);
  }

  // ---- scalar floats ------------------------------------------------------------------------
  f32Add(_a: E, _b: E): E {
    return this.op(0x92);
  }
  f32Sub(_a: E, _b: E): E {
    return this.op(0x93);
  }
  f32Mul(_a: E, _b: E): E {
    return this.op(0x94);
  }
  f32Div(_a: E, _b: E): E {
    return this.op(0x95);
  }
  f32Min(_a: E, _b: E): E {
    return this.op(0x96);
  }
  f32Max(_a: E, _b: E): E {
    return this.op(0x97);
  }
  f32Neg(_a: E): E {
    return this.op(0x8c);
  }
  f32Abs(_a: E): E {
    return this.op(0x8b);
  }
  f32Sqrt(_a: E): E {
    return this.op(0x91);
  }
  f32Gt(_a: E, _b: E): E {
    return this.op(0x5e);
  }
  f32Lt(_a: E, _b: E): E {
    return this.op(0x5d);
  }
  f32Ne(_a: E, _b: E): E {
    return this.op(0x5c);
  }
  f32Eq(_a: E, _b: E): E {
    return this.op(0x5b);
  }
  f32Ge(_a: E, _b: E): E {
    return this.op(0x60);
  }
  f64Add(_a: E, _b: E): E {
    return this.op(0xa0);
  }
  f64Sub(_a: E, _b: E): E {
    return this.op(0xa1);
  }
  f64Mul(_a: E, _b: E): E {
    return this.op(0xa2);
  }
  f64Div(_a: E, _b: E): E {
    return this.op(0xa3);
  }
  f64PromoteF32(_a: E): E {
    return this.op(0xbb);
  }
  f32DemoteF64(_a: E): E {
    return this.op(0xb6);
  }
  f32ConvertI32S(_a: E): E {
    return this.op(0xb2);
  }
  f32ConvertI32U(_a: E): E {
    return this.op(0xb3);
  }
  f64ConvertI32S(_a: E): E {
    return this.op(0xb7);
  }
  i32TruncSatF32S(_a: E): E {
    return this.op(0xfc, 0x00);
  }
  i32ReinterpretF32(_a: E): E {
    return this.op(0xbc);
  }
  f32ReinterpretI32(_a: E): E {
    return this.op(0xbe);
  }

  // ---- memory -------------------------------------------------------------------------------
  i32Load(_addr: E, offset = 0): E {
    return this.mem([0x28], ALIGN.i32, offset);
  }
  i32Load8U(_addr: E, offset = 0): E {
    return this.mem([0x2d], ALIGN.i8, offset);
  }
  f32Load(_addr: E, offset = 0): E {
    return this.mem([0x2a], ALIGN.f32, offset);
  }
  f64Load(_addr: E, offset = 0): E {
    return this.mem([0x2b], ALIGN.f64, offset);
  }
  i32Store(_addr: E, _v: E, offset = 0): E {
    return this.mem([0x36], ALIGN.i32, offset);
  }
  i32Store8(_addr: E, _v: E, offset = 0): E {
    return this.mem([0x3a], ALIGN.i8, offset);
  }
  f32Store(_addr: E, _v: E, offset = 0): E {
    return this.mem([0x38], ALIGN.f32, offset);
  }
  f64Store(_addr: E, _v: E, offset = 0): E {
    return this.mem([0x39], ALIGN.f64, offset);
  }
  /** memory.copy(dst, src, n) */
  memoryCopy(_dst: E, _src: E, _n: E): E {
    return this.op(0xfc, 0x0a, 0x00, 0x00);
  }
  /** memory.fill(dst, byte, n) */
  memoryFill(_dst: E, _byte: E, _n: E): E {
    return this.op(0xfc, 0x0b, 0x00);
  }
  // alignment hints are kept at 1 byte for v128 since views may start at any element
  v128Load(_addr: E, offset = 0): E {
    this.code.push(SIMD, 0x00);
    uleb(this.code, 0);
    uleb(this.code, offset);
  }
  v128Store(_addr: E, _v: E, offset = 0): E {
    this.code.push(SIMD, 0x0b);
    uleb(this.code, 0);
    uleb(this.code, offset);
  }
  /** load one f32 and splat it to 4 lanes */
  v128Load32Splat(_addr: E, offset = 0): E {
    this.code.push(SIMD, 0x09);
    uleb(this.code, 0);
    uleb(this.code, offset);
  }
  /** load 4 bytes into lane 0, zero the rest */
  v128Load32Zero(_addr: E, offset = 0): E {
    this.code.push(SIMD, 0x5c);
    uleb(this.code, 0);
    uleb(this.code, offset);
  }
  /** store lane `lane` of the i32x4 view */
  v128Store32Lane(_addr: E, _v: E, lane: number, offset = 0): E {
    this.code.push(SIMD, 0x5a);
    uleb(this.code, 0);
    uleb(this.code, offset);
    this.code.push(lane);
  }
  /** load 2 f32 into the low lanes, zero the rest */
  v128Load64Zero(_addr: E, offset = 0): E {
    this.code.push(SIMD, 0x5d);
    uleb(this.code, 0);
    uleb(this.code, offset);
  }

  // ---- SIMD ---------------------------------------------------------------------------------
  v128Const(bytes: readonly number[]): E {
    this.code.push(SIMD, 0x0c, ...bytes);
  }
  f32x4Const(a: number, b = a, c = a, d = a): E {
    const bytes: number[] = [];
    for (const v of [a, b, c, d]) f32bytes(bytes, v);
    return this.v128Const(bytes);
  }
  i32x4Const(a: number, b = a, c = a, d = a): E {
    const dv = new DataView(new ArrayBuffer(16));
    [a, b, c, d].forEach((v, i) => {
      dv.setInt32(i * 4, v, true);
    });
    return this.v128Const([...new Uint8Array(dv.buffer)]);
  }
  f32x4Splat(_v: E): E {
    return this.simd(0x13);
  }
  i32x4Splat(_v: E): E {
    return this.simd(0x11);
  }
  f32x4ExtractLane(_v: E, lane: number): E {
    this.simd(0x1f);
    this.code.push(lane);
  }
  f32x4ReplaceLane(_v: E, _s: E, lane: number): E {
    this.simd(0x20);
    this.code.push(lane);
  }
  i32x4ExtractLane(_v: E, lane: number): E {
    this.simd(0x1b);
    this.code.push(lane);
  }
  i8x16Shuffle(_a: E, _b: E, lanes: readonly number[]): E {
    this.simd(0x0d);
    this.code.push(...lanes);
  }
  f32x4Eq(_a: E, _b: E): E {
    return this.simd(0x41);
  }
  f32x4Ne(_a: E, _b: E): E {
    return this.simd(0x42);
  }
  f32x4Lt(_a: E, _b: E): E {
    return this.simd(0x43);
  }
  f32x4Gt(_a: E, _b: E): E {
    return this.simd(0x44);
  }
  f32x4Le(_a: E, _b: E): E {
    return this.simd(0x45);
  }
  f32x4Ge(_a: E, _b: E): E {
    return this.simd(0x46);
  }
  v128Not(_a: E): E {
    return this.simd(0x4d);
  }
  v128And(_a: E, _b: E): E {
    return this.simd(0x4e);
  }
  v128AndNot(_a: E, _b: E): E {
    return this.simd(0x4f);
  }
  v128Or(_a: E, _b: E): E {
    return this.simd(0x50);
  }
  v128Xor(_a: E, _b: E): E {
    return this.simd(0x51);
  }
  /** (a & mask) | (b & ~mask) */
  v128Bitselect(_a: E, _b: E, _mask: E): E {
    return this.simd(0x52);
  }
  v128AnyTrue(_a: E): E {
    return this.simd(0x53);
  }
  i32x4Add(_a: E, _b: E): E {
    return this.simd(0xae);
  }
  i32x4Sub(_a: E, _b: E): E {
    return this.simd(0xb1);
  }
  i32x4Mul(_a: E, _b: E): E {
    return this.simd(0xb5);
  }
  i32x4Shl(_a: E, _n: E): E {
    return this.simd(0xab);
  }
  i32x4ShrS(_a: E, _n: E): E {
    return this.simd(0xac);
  }
  i32x4ShrU(_a: E, _n: E): E {
    return this.simd(0xad);
  }
  i32x4MinS(_a: E, _b: E): E {
    return this.simd(0xb6);
  }
  i32x4MaxS(_a: E, _b: E): E {
    return this.simd(0xb8);
  }
  i32x4Eq(_a: E, _b: E): E {
    return this.simd(0x37);
  }
  i32x4GtS(_a: E, _b: E): E {
    return this.simd(0x3b);
  }
  i32x4Bitmask(_a: E): E {
    return this.simd(0xa4);
  }
  i16x8ExtendLowI8x16U(_a: E): E {
    return this.simd(0x89);
  }
  i32x4ExtendLowI16x8U(_a: E): E {
    return this.simd(0xa9);
  }
  i16x8NarrowI32x4U(_a: E, _b: E): E {
    return this.simd(0x86);
  }
  i8x16NarrowI16x8U(_a: E, _b: E): E {
    return this.simd(0x66);
  }
  f32x4ConvertI32x4U(_a: E): E {
    return this.simd(0xfb);
  }
  f32x4Abs(_a: E): E {
    return this.simd(0xe0);
  }
  f32x4Neg(_a: E): E {
    return this.simd(0xe1);
  }
  f32x4Sqrt(_a: E): E {
    return this.simd(0xe3);
  }
  f32x4Add(_a: E, _b: E): E {
    return this.simd(0xe4);
  }
  f32x4Sub(_a: E, _b: E): E {
    return this.simd(0xe5);
  }
  f32x4Mul(_a: E, _b: E): E {
    return this.simd(0xe6);
  }
  f32x4Div(_a: E, _b: E): E {
    return this.simd(0xe7);
  }
  f32x4Min(_a: E, _b: E): E {
    return this.simd(0xe8);
  }
  f32x4Max(_a: E, _b: E): E {
    return this.simd(0xe9);
  }
  /** b < a ? b : a (no NaN propagation: maps to one minps) */
  f32x4Pmin(_a: E, _b: E): E {
    return this.simd(0xea);
  }
  /** a < b ? b : a */
  f32x4Pmax(_a: E, _b: E): E {
    return this.simd(0xeb);
  }
  f32x4Floor(_a: E): E {
    return this.simd(0x68);
  }
  f32x4Nearest(_a: E): E {
    return this.simd(0x6a);
  }
  i32x4TruncSatF32x4S(_a: E): E {
    return this.simd(0xf8);
  }
  f32x4ConvertI32x4S(_a: E): E {
    return this.simd(0xfa);
  }
  f64x2PromoteLowF32x4(_a: E): E {
    return this.simd(0x5f);
  }
  f64x2Add(_a: E, _b: E): E {
    return this.simd(0xf0);
  }
  f32x4DemoteF64x2Zero(_a: E): E {
    return this.simd(0x5e);
  }
  f64x2ExtractLane(_v: E, lane: number): E {
    this.simd(0x21);
    this.code.push(lane);
  }
  /** relaxed-simd a * b + c (fused where the hardware has FMA) */
  f32x4RelaxedMadd(_a: E, _b: E, _c: E): E {
    return this.simd(0x105);
  }

  /** a * b + c: relaxed FMA when enabled, else a multiply and an add */
  f32x4MulAdd(fma: boolean, a: () => E, b: () => E, c: () => E): E {
    if (fma) {
      a();
      b();
      c();
      return this.f32x4RelaxedMadd();
    }
    c();
    a();
    b();
    this.f32x4Mul();
    return this.f32x4Add();
  }
}
