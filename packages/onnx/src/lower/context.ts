import type { DType } from '@torchlet/tensor';
import { shapeStr } from '@torchlet/tensor';
import { OnnxExportError } from '../errors.js';
import type { TGraph, TNode, TValue } from '../graph.js';
import { variesMessage } from '../trace.js';
import { isDynamic } from '../graph.js';

/** onnx.TensorProto.DataType for each Torchlet dtype */
export const ONNX_DTYPE: Record<DType, number> = { float32: 1, uint8: 2, int32: 6, bool: 9, float64: 11 };
export const INT64 = 7;
const INT64_MAX = 9223372036854775807n;

/** onnx.AttributeProto, with protobuf's field names */
export interface Attribute {
  name: string;
  type: number;
  i?: number;
  f?: number;
  s?: Uint8Array;
  ints?: number[];
}
export const intAttr = (name: string, i: number): Attribute => ({ name, type: 2, i });
export const floatAttr = (name: string, f: number): Attribute => ({ name, type: 1, f });
export const intsAttr = (name: string, ints: readonly number[]): Attribute => ({ name, type: 7, ints: [...ints] });
export const stringAttr = (name: string, s: string): Attribute => ({ name, type: 3, s: new TextEncoder().encode(s) });

export interface OnnxNode {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute: Attribute[];
}
export interface OnnxTensor {
  name: string;
  dims: number[];
  data_type: number;
  raw_data: Uint8Array;
}

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice();

/** Builds the ONNX nodes and initializers for a traced graph, one Torchlet node at a time. */
export class Lowering {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  private readonly names = new Map<TValue, string>();
  private readonly taken = new Set<string>();
  private count = 0;
  /** the Torchlet node being lowered, for error messages */
  current: TNode | undefined;

  constructor(
    readonly opset: number,
    readonly graph: TGraph,
  ) {}

  /** Reserve a name for a value (graph inputs, outputs, parameters). */
  setName(v: TValue, name: string): void {
    this.names.set(v, name);
    this.taken.add(name);
  }

  /** The ONNX name of a value; constants become initializers on first use. */
  name(v: TValue): string {
    const known = this.names.get(v);
    if (known) return known;
    if (v.varies) this.fail(variesMessage(v));
    if (v.kind === 'const' || v.kind === 'param') {
      const name = v.name ?? this.fresh('onnx::Constant');
      this.setName(v, name);
      this.initializer(name, ONNX_DTYPE[v.dtype], v.shape, bytesOf(v.data!));
      return name;
    }
    const name = this.fresh(`/${v.producer?.op ?? 'value'}_output`);
    this.setName(v, name);
    return name;
  }

  fresh(hint: string): string {
    let name: string;
    do name = `${hint}_${this.count++}`;
    while (this.taken.has(name));
    this.taken.add(name);
    return name;
  }

  initializer(name: string, dataType: number, dims: readonly number[], raw: Uint8Array): string {
    this.initializers.push({ name, dims: [...dims], data_type: dataType, raw_data: raw });
    return name;
  }

  /** A 1-D int64 constant (shapes, axes, indices); values may be bigint for INT64_MAX. */
  i64(values: readonly (number | bigint)[], hint = 'onnx::Shape'): string {
    return this.initializer(this.fresh(hint), INT64, [values.length], bytesOf(BigInt64Array.from(values, (v) => BigInt(v))));
  }

  /** A 0-d constant of a Torchlet dtype. */
  scalar(value: number, dtype: DType): string {
    const arr =
      dtype === 'float32'
        ? new Float32Array([value])
        : dtype === 'float64'
          ? new Float64Array([value])
          : dtype === 'int32'
            ? new Int32Array([value])
            : new Uint8Array([value]);
    return this.initializer(this.fresh('onnx::Constant'), ONNX_DTYPE[dtype], [], bytesOf(arr));
  }

  /** Emit one ONNX node; returns its first output (a fresh name unless given). */
  emit(opType: string, inputs: readonly string[], attrs: Attribute[] = [], outputs?: string[]): string {
    const out = outputs ?? [this.fresh(`/${opType}_output`)];
    this.nodes.push({ name: this.fresh(`/${opType}`), op_type: opType, input: [...inputs], output: out, attribute: attrs });
    return out[0]!;
  }

  /** Emit a node computing `v`, whose ONNX result has dtype `resultDType`: a Cast follows when that is not v's dtype. */
  emitTo(v: TValue, resultDType: DType, opType: string, inputs: readonly string[], attrs: Attribute[] = []): void {
    if (resultDType === v.dtype) this.emit(opType, inputs, attrs, [this.name(v)]);
    else this.cast(this.emit(opType, inputs, attrs), resultDType, v.dtype, this.name(v));
  }

  /** `name` converted from dtype `from` to `to` (no node when they are equal). */
  cast(name: string, from: DType, to: DType, output?: string): string {
    if (from === to && !output) return name;
    if (from === to) return this.emit('Identity', [name], [], [output!]);
    return this.emit('Cast', [name], [intAttr('to', ONNX_DTYPE[to])], output ? [output] : undefined);
  }

  /** The value's name converted to `dtype`. */
  as(v: TValue, dtype: DType): string {
    return this.cast(this.name(v), v.dtype, dtype);
  }

  fail(message: string): never {
    throw new OnnxExportError(message, this.current?.op ?? 'exportOnnx');
  }

  /**
   * The shape of `out` for a Reshape of `x`: static sizes stay, a dynamic dim that is x's dim at
   * the same index becomes 0 (copy), and one other dynamic dim becomes -1 (inferred).
   */
  reshapeTarget(x: TValue, out: TValue): number[] {
    const target: (number | null)[] = out.shape.map((s, i) => (isDynamic(out, i) ? null : s));
    if (!target.includes(null)) return out.shape;
    if (target.includes(0)) this.fail(`cannot reshape to ${shapeStr(out.shape)} with a dynamic axis and an empty dim`);
    out.shape.forEach((s, i) => {
      if (target[i] === null && i < x.shape.length && isDynamic(x, i) && x.shape[i] === s && x.shapeB[i] === out.shapeB[i]) target[i] = 0;
    });
    const open = target.filter((t) => t === null).length;
    if (open > 1) {
      this.fail(
        `the reshape from ${shapeStr(x.shape)} to ${shapeStr(out.shape)} has ${open} dynamic dims that are not the input's own; ONNX's Reshape can infer one. ` +
          'Keep the dynamic axis where it is (e.g. x.view(x.shape[0], -1)) or export without dynamicAxes',
      );
    }
    return target.map((t) => (t === null ? -1 : t));
  }

  /** Slice end for dim `d`: static, or counted from the end when the dim is dynamic. */
  sliceEnd(x: TValue, n: TNode): number | bigint {
    const end = (a: Record<string, number>) => (a.length! > 0 ? a.start! + (a.length! - 1) * a.step! + 1 : a.start!);
    const { dim } = n.attrs;
    const [ea, eb] = [end(n.attrs), end(n.attrsB)];
    if (!isDynamic(x, dim) || (n.attrs.start === n.attrsB.start && ea === eb)) return ea;
    const [ra, rb] = [x.shape[dim]! - ea, x.shapeB[dim]! - eb];
    if (n.attrs.start !== n.attrsB.start || ra !== rb)
      this.fail(`slicing dynamic dim ${dim} at positions that depend on its size is not supported; slice a static dim`);
    return ra === 0 ? INT64_MAX : -ra;
  }
}
