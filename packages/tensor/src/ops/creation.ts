import type { Backend } from '../backend.js';
import { applyOp } from '../dispatch.js';
import { wrapResult } from '../tensor.js';
import type { DType, TypedArray } from '../dtype.js';
import { allocTyped, assertDType, checkFits, dtypeOfTypedArray, fitsDType, intRange, typedArrayCtor } from '../dtype.js';
import { parseToTarget } from '../to-target.js';
import { BackendError, DTypeError, ShapeError, ValueError } from '../errors.js';
import { type Generator, defaultGenerator, randpermArray } from '../random.js';
import { getBackend, currentBackendName } from '../registry.js';
import { contiguousStrides, numelOf, parseSizes, shapeStr } from '../shape.js';
import { Storage } from '../storage.js';
import { checkOptions as checkOptionKeys } from '../options.js';
import { Tensor, type NestedArray } from '../tensor.js';
import { isTensor } from '../checks.js';
import { fromHost } from './host.js';
import { cast } from './elementwise.js';

/** Options of the creation functions (`tensor`, `zeros`, `full`, `arange`, ...), as PyTorch's keyword arguments. */
export interface CreationOptions {
  /** Element type; each function documents its default (mostly float32). */
  dtype?: DType;
  /** backend name; defaults to the current backend */
  device?: string;
  /** Make a leaf that autograd tracks (float dtypes only); default false. */
  requiresGrad?: boolean;
}
/** Options of the random creation functions (`rand`, `randn`, `randint`, `randperm`, ...). */
export interface RandomOptions extends CreationOptions {
  /** Source of randomness; defaults to the global generator (seeded by `manualSeed`). */
  generator?: Generator;
}

function resolveBackend(device: string | undefined, op: string): Backend {
  return getBackend(device ?? currentBackendName(), op);
}

function finish(t: Tensor, opts: CreationOptions | undefined): Tensor {
  if (opts?.requiresGrad) t.requiresGrad_(true);
  return t;
}

const CREATION_KEYS = ['dtype', 'device', 'requiresGrad'] as const;
const RANDOM_KEYS = [...CREATION_KEYS, 'generator'] as const;

function checkOptions(opts: CreationOptions | undefined, op: string, keys: readonly string[] = CREATION_KEYS): void {
  checkOptionKeys(opts, keys, op);
  if (opts?.dtype !== undefined) assertDType(opts.dtype, op);
}

/** Split trailing options object off size varargs. */
function sizesAndOptions<O extends object>(args: unknown[], op: string): [number[], O | undefined] {
  let opts: O | undefined;
  const last = args[args.length - 1];
  if (last !== null && typeof last === 'object' && !Array.isArray(last)) {
    opts = last as O;
    args = args.slice(0, -1);
  }
  return [parseSizes(args, op), opts];
}

type Nested = NestedArray<number | boolean>;

/** Shape of a nested array, checking that it is not ragged and holds only numbers/booleans. */
function inferShape(data: Nested, op: string): number[] {
  const shape: number[] = [];
  let cur: Nested = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0]!;
  }
  const check = (x: Nested, d: number, path: string): void => {
    if (d === shape.length) {
      if (Array.isArray(x))
        throw new ValueError(
          `ragged nested array: element ${path} is an array but its siblings are scalars; every row must have the same length`,
          op,
        );
      if (typeof x !== 'number' && typeof x !== 'boolean') {
        throw new ValueError(`element ${path} is ${x === null ? 'null' : typeof x}; tensor() takes numbers or booleans`, op);
      }
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[d]) {
      throw new ValueError(
        `ragged nested array: expected a sequence of length ${shape[d]} at dim ${d} (element ${path}) but got ${Array.isArray(x) ? `length ${x.length}` : 'a scalar'}; every row must have the same length`,
        op,
      );
    }
    for (let i = 0; i < x.length; i++) check(x[i]!, d + 1, `${path}[${i}]`);
  };
  check(data, 0, 'data');
  return shape;
}

/**
 * A tensor from nested arrays, a typed array or another tensor (always a copy; see
 * `fromTypedArray` to share memory). dtype: bool for booleans, int32 for integers, else float32.
 * As `torch.tensor`.
 *
 * @example
 * ```ts
 * const x = tensor([[1, 2], [3, 4]], { dtype: 'float32' });
 * x.shape; // [2, 2]
 * tensor([1, 2, 3]).dtype; // 'int32'
 * tensor([0.5, 1], { requiresGrad: true }).requiresGrad; // true
 * ```
 */
export function tensor(data: Nested | TypedArray | Tensor, opts: CreationOptions = {}): Tensor {
  checkOptions(opts, 'tensor');
  const backend = resolveBackend(opts.device, 'tensor');
  if (isTensor(data)) {
    const t = data
      .detach()
      .to({ device: backend.name, dtype: opts.dtype ?? data.dtype })
      .clone();
    return finish(t, opts);
  }
  if (ArrayBuffer.isView(data)) {
    const src = data as TypedArray;
    const dt = dtypeOfTypedArray(src, 'tensor');
    const dtype = opts.dtype ?? dt;
    const copy = allocTyped(dtype, src.length);
    if (dtype !== dt && intRange(dtype)) for (let i = 0; i < src.length; i++) checkFits(src[i]!, dtype, 'tensor');
    copy.set(src);
    return finish(fromHost(copy, [src.length], dtype, backend), opts);
  }
  const shape = inferShape(data, 'tensor');
  const flat: (number | boolean)[] =
    shape.length === 0 ? [data as number | boolean] : ((data as unknown[]).flat(Infinity) as (number | boolean)[]);
  let dtype = opts.dtype;
  if (!dtype) {
    if (flat.length > 0 && flat.every((v) => typeof v === 'boolean')) dtype = 'bool';
    else if (flat.length > 0 && flat.every((v) => typeof v === 'boolean' || Number.isInteger(v))) {
      dtype = 'int32';
      const big = flat.find((v) => !fitsDType(+v, 'int32'));
      if (big !== undefined) {
        throw new ValueError(
          `integer ${big} does not fit int32, the dtype inferred for integer data, and Torchlet has no int64; pass { dtype: 'float64' } (exact for integers up to 2^53) or { dtype: 'float32' }`,
          'tensor',
        );
      }
    } else dtype = 'float32';
  }
  const arr = allocTyped(dtype, flat.length);
  const checked = intRange(dtype) !== undefined;
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i]!;
    if (checked) checkFits(+v, dtype, 'tensor');
    arr[i] = dtype === 'bool' ? (v ? 1 : 0) : +v;
  }
  return finish(fromHost(arr, shape, dtype, backend), opts);
}

/**
 * Wrap a typed array without copying (as torch.from_numpy): on the CPU backend the tensor and
 * the array share memory. Shape defaults to 1-D.
 *
 * @example
 * ```ts
 * const data = new Float32Array([1, 2, 3, 4, 5, 6]);
 * const x = fromTypedArray(data, [2, 3]); // float32, shape [2, 3]
 * data[0] = 10; // on the cpu backend, x[0][0] is now 10 too
 * ```
 */
export function fromTypedArray(data: TypedArray, shape?: readonly number[], opts: { device?: string; dtype?: DType } = {}): Tensor {
  if (!ArrayBuffer.isView(data))
    throw new ValueError('fromTypedArray takes a typed array (Float32Array, Float64Array, Int32Array or Uint8Array)', 'fromTypedArray');
  let dtype = dtypeOfTypedArray(data, 'fromTypedArray');
  if (opts.dtype) {
    if (opts.dtype !== 'bool' || dtype !== 'uint8') {
      if (opts.dtype !== dtype)
        throw new DTypeError(
          `cannot view a ${data.constructor.name} as ${opts.dtype} without copying; use tensor(data, { dtype }) to convert`,
          'fromTypedArray',
        );
    }
    dtype = opts.dtype;
  }
  const s = shape ? parseSizes([shape], 'fromTypedArray') : [data.length];
  if (numelOf(s) !== data.length) {
    throw new ShapeError(`shape ${shapeStr(s)} holds ${numelOf(s)} elements but the array has ${data.length}`, 'fromTypedArray');
  }
  return fromHost(data, s, dtype, resolveBackend(opts.device, 'fromTypedArray'), true);
}

/** View raw bytes as a tensor without copying (byteOffset must be aligned to the element size). */
export function fromBuffer(
  buffer: ArrayBufferLike,
  dtype: DType,
  shape?: readonly number[],
  options: { byteOffset?: number; device?: string } = {},
): Tensor {
  assertDType(dtype, 'fromBuffer');
  const Ctor = typedArrayCtor(dtype);
  const off = options.byteOffset ?? 0;
  if (off % Ctor.BYTES_PER_ELEMENT !== 0) {
    throw new ValueError(
      `byteOffset ${off} is not a multiple of ${Ctor.BYTES_PER_ELEMENT} (the size of ${dtype}); copy the bytes to an aligned buffer first`,
      'fromBuffer',
    );
  }
  const n = shape ? numelOf(shape) : Math.floor((buffer.byteLength - off) / Ctor.BYTES_PER_ELEMENT);
  if (off + n * Ctor.BYTES_PER_ELEMENT > buffer.byteLength) {
    throw new ShapeError(
      `shape ${shapeStr(shape ?? [n])} of ${dtype} needs ${n * Ctor.BYTES_PER_ELEMENT} bytes from offset ${off} but the buffer has ${buffer.byteLength}`,
      'fromBuffer',
    );
  }
  return fromTypedArray(new Ctor(buffer as ArrayBuffer, off, n), shape ?? [n], { device: options.device, dtype });
}

/**
 * A tensor filled with 0, of the given sizes (`zeros(2, 3)` or `zeros([2, 3])`), options last;
 * float32 unless `dtype` says otherwise. As `torch.zeros`.
 *
 * @example
 * ```ts
 * zeros(2, 3).shape; // [2, 3]
 * zeros([4], { dtype: 'int32' }).toArraySync(); // [0, 0, 0, 0]
 * ```
 */
export function zeros(...args: (number | readonly number[] | CreationOptions)[]): Tensor {
  const [shape, opts] = sizesAndOptions<CreationOptions>(args, 'zeros');
  checkOptions(opts, 'zeros');
  const dtype = opts?.dtype ?? 'float32';
  const backend = resolveBackend(opts?.device, 'zeros');
  const n = numelOf(shape);
  const st = new Storage(backend, backend.allocate(n, dtype), dtype, n);
  return finish(new Tensor(st, shape, contiguousStrides(shape), 0, dtype), opts);
}
/**
 * A tensor filled with 1, of the given sizes (`ones(2, 3)` or `ones([2, 3])`), options last;
 * float32 unless `dtype` says otherwise. As `torch.ones`.
 *
 * @example
 * ```ts
 * ones(2, 2).toArraySync(); // [[1, 1], [1, 1]]
 * ones([3], { dtype: 'bool' }).toArraySync(); // [true, true, true]
 * ```
 */
export function ones(...args: (number | readonly number[] | CreationOptions)[]): Tensor {
  const [shape, opts] = sizesAndOptions<CreationOptions>(args, 'ones');
  return full(shape, 1, { ...opts, dtype: opts?.dtype ?? 'float32' });
}
/** Uninitialised in PyTorch; zero-filled here (allocation is zeroed on every backend). */
export function empty(...args: (number | readonly number[] | CreationOptions)[]): Tensor {
  return zeros(...args);
}
/**
 * A tensor of shape `size` with every element `fillValue`. The dtype defaults to bool for a
 * boolean, int32 for an integer, else float32 (as `torch.full`).
 */
export function full(size: readonly number[], fillValue: number | boolean, opts: CreationOptions = {}): Tensor {
  checkOptions(opts, 'full');
  const shape = parseSizes([size], 'full');
  const dtype = opts.dtype ?? (typeof fillValue === 'boolean' ? 'bool' : Number.isInteger(fillValue) ? 'int32' : 'float32');
  checkFits(+fillValue, dtype, 'full');
  const arr = allocTyped(dtype, numelOf(shape));
  arr.fill(+fillValue);
  return finish(fromHost(arr, shape, dtype, resolveBackend(opts.device, 'full')), opts);
}

function likeOpts<O extends CreationOptions>(t: Tensor, opts: O | undefined): O {
  return { ...opts, dtype: opts?.dtype ?? t.dtype, device: opts?.device ?? t.device } as O;
}
/** Zeros with `t`'s shape, dtype and device (options override them). As `torch.zeros_like`. */
export const zerosLike = (t: Tensor, opts?: CreationOptions) => zeros([...t.shape], likeOpts(t, opts));
/** Ones with `t`'s shape, dtype and device (options override them). As `torch.ones_like`. */
export const onesLike = (t: Tensor, opts?: CreationOptions) => ones([...t.shape], likeOpts(t, opts));
/** `empty` with `t`'s shape, dtype and device (zero-filled here). As `torch.empty_like`. */
export const emptyLike = (t: Tensor, opts?: CreationOptions) => empty([...t.shape], likeOpts(t, opts));
/** `v` everywhere, with `t`'s shape, dtype and device (options override them). As `torch.full_like`. */
export const fullLike = (t: Tensor, v: number | boolean, opts?: CreationOptions) => full([...t.shape], v, likeOpts(t, opts));
/** Uniform samples in [0, 1) with `t`'s shape, dtype and device. As `torch.rand_like`. */
export const randLike = (t: Tensor, opts?: RandomOptions) => rand([...t.shape], likeOpts(t, opts));
/** Standard normal samples with `t`'s shape, dtype and device. As `torch.randn_like`. */
export const randnLike = (t: Tensor, opts?: RandomOptions) => randn([...t.shape], likeOpts(t, opts));

/**
 * `arange(end)`, `arange(start, end, step?)`, options last: the values from `start` (default 0)
 * up to but excluding `end`, `step` apart. int32 when all bounds are integers. As `torch.arange`.
 *
 * @example
 * ```ts
 * arange(4).toArraySync(); // [0, 1, 2, 3] (int32)
 * arange(1, 2, 0.25).toArraySync(); // [1, 1.25, 1.5, 1.75] (float32)
 * arange(0, 6, { dtype: 'float32' }).view(2, 3).shape; // [2, 3]
 * ```
 */
export function arange(...args: (number | CreationOptions)[]): Tensor {
  let opts: CreationOptions = {};
  if (typeof args[args.length - 1] === 'object') opts = args.pop() as CreationOptions;
  checkOptions(opts, 'arange');
  const nums = args as number[];
  if (nums.length < 1 || nums.length > 3 || nums.some((n) => typeof n !== 'number' || !Number.isFinite(n))) {
    throw new ValueError('use arange(end), arange(start, end) or arange(start, end, step) with finite numbers', 'arange');
  }
  const [start, end, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
  if (step === 0) throw new ValueError('step must be nonzero', 'arange');
  if ((end - start) / step < 0)
    throw new ValueError(`upper bound and larger bound inconsistent with step sign (start ${start}, end ${end}, step ${step})`, 'arange');
  const n = Math.max(0, Math.ceil((end - start) / step));
  const dtype = opts.dtype ?? (nums.every(Number.isInteger) ? 'int32' : 'float32');
  const arr = allocTyped(dtype, n);
  for (let i = 0; i < n; i++) arr[i] = start + i * step;
  return finish(fromHost(arr, [n], dtype, resolveBackend(opts.device, 'arange')), opts);
}

/** `steps` evenly spaced values from start to end inclusive. */
export function linspace(start: number, end: number, steps: number, opts: CreationOptions = {}): Tensor {
  checkOptions(opts, 'linspace');
  if (!Number.isInteger(steps) || steps < 0)
    throw new ValueError(`number of steps must be a non-negative integer, got ${steps}`, 'linspace');
  const dtype = opts.dtype ?? 'float32';
  const arr = allocTyped(dtype, steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  const half = Math.floor(steps / 2);
  if (steps === 1) arr[0] = start;
  else for (let i = 0; i < steps; i++) arr[i] = i < half ? start + i * step : end - (steps - 1 - i) * step;
  return finish(fromHost(arr, [steps], dtype, resolveBackend(opts.device, 'linspace')), opts);
}

/** The `n` x `m` identity matrix (`m` defaults to `n`), float32 by default. As `torch.eye`. */
export function eye(n: number, m?: number | CreationOptions, opts: CreationOptions = {}): Tensor {
  if (typeof m === 'object') {
    opts = m;
    m = undefined;
  }
  const cols = m ?? n;
  parseSizes([n, cols], 'eye');
  checkOptions(opts, 'eye');
  const dtype = opts.dtype ?? 'float32';
  const arr = allocTyped(dtype, n * cols);
  for (let i = 0; i < Math.min(n, cols); i++) arr[i * cols + i] = 1;
  return finish(fromHost(arr, [n, cols], dtype, resolveBackend(opts.device, 'eye')), opts);
}

function randomTensor(op: string, args: unknown[], draw: (g: Generator) => number, defaultDType: DType = 'float32'): Tensor {
  const [shape, opts] = sizesAndOptions<RandomOptions>(args, op);
  checkOptions(opts, op, RANDOM_KEYS);
  const dtype = opts?.dtype ?? defaultDType;
  const g = opts?.generator ?? defaultGenerator;
  const arr = allocTyped(dtype, numelOf(shape));
  for (let i = 0; i < arr.length; i++) arr[i] = draw(g);
  return finish(fromHost(arr, shape, dtype, resolveBackend(opts?.device, op)), opts);
}

/** Uniform samples in [0, 1). */
export function rand(...args: (number | readonly number[] | RandomOptions)[]): Tensor {
  return randomTensor('rand', args, (g) => g.random());
}
/**
 * Samples of the standard normal distribution (mean 0, variance 1), of the given sizes, options
 * last; float32 by default. As `torch.randn`.
 *
 * @example
 * ```ts
 * manualSeed(0);
 * const w = randn(3, 4, { requiresGrad: true }); // shape [3, 4]
 * const g = new Generator().manualSeed(42);
 * randn([2], { generator: g }); // reproducible from its own generator
 * ```
 */
export function randn(...args: (number | readonly number[] | RandomOptions)[]): Tensor {
  return randomTensor('randn', args, (g) => g.normal());
}
/** `randint(high, size)` or `randint(low, high, size)`: integers in [low, high), int32. */
export function randint(...args: (number | readonly number[] | RandomOptions)[]): Tensor {
  const opts = typeof args[args.length - 1] === 'object' && !Array.isArray(args[args.length - 1]) ? (args.pop() as RandomOptions) : {};
  const size = args.pop();
  if (!Array.isArray(size))
    throw new ValueError('use randint(high, size) or randint(low, high, size) with size an array like [2, 3]', 'randint');
  const [low, high] = args.length === 1 ? [0, args[0] as number] : [args[0] as number, args[1] as number];
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ValueError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`, 'randint');
  }
  return randomTensor('randint', [size, opts], (g) => g.randint(low, high), 'int32');
}
/** A random permutation of 0..n-1 (int32). */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  checkOptions(opts, 'randperm', RANDOM_KEYS);
  parseSizes([n], 'randperm');
  const p = randpermArray(n, opts.generator);
  const t = fromHost(p, [n], 'int32', resolveBackend(opts.device, 'randperm'));
  return opts.dtype && opts.dtype !== 'int32' ? cast(t, opts.dtype) : t;
}

/** `t.to(device | dtype | { device, dtype })`. */
export function toTarget(t: Tensor, target: string | { device?: string; dtype?: DType }): Tensor {
  const { device, dtype } = parseToTarget(target);
  let out = t;
  if (dtype !== undefined && dtype !== t.dtype) out = cast(out, assertDType(dtype, 'to'));
  if (device !== undefined && device !== t.device) out = moveTo(out, device);
  return out;
}

function adoptInto(dest: Backend, host: TypedArray, dtype: DType) {
  return dest.adopt ? dest.adopt(host, dtype) : dest.fromTypedArray(host, dtype);
}

function moveTo(t: Tensor, device: string): Tensor {
  const dest = getBackend(device, 'to');
  const src = t.backend;
  if (!src.readSync) {
    throw new BackendError(
      `backend '${src.name}' reads back asynchronously; use \`await toDevice(t, '${device}')\` to move this tensor to '${device}'`,
      'to',
    );
  }
  return applyOp('to', [t], { device: src.name }, () => {
    const host = t.dataSync();
    return wrapResult({ dataId: adoptInto(dest, host, t.dtype), shape: [...t.shape], dtype: t.dtype }, dest);
  });
}

/** Move a tensor to another device, reading back asynchronously where the source needs it. */
export async function toDevice(t: Tensor, device: string): Promise<Tensor> {
  if (device === t.device) return t;
  const dest = getBackend(device, 'toDevice');
  if (t.backend.readSync) return moveTo(t, device);
  const host = await t.data();
  return applyOp('to', [t], { device: t.device }, () =>
    wrapResult({ dataId: adoptInto(dest, host, t.dtype), shape: [...t.shape], dtype: t.dtype }, dest),
  );
}
