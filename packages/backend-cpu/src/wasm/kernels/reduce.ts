import type { Backend, DType, KernelResult, TensorInfo } from '@torchlet/tensor';
import { numelOf } from '@torchlet/tensor';
import { emitReduce, type ReduceOp } from '../gen/reduce.js';
import type { WasmCpuBackend } from '../wasm-backend.js';

type Attrs = { dims: number[]; keepdim: boolean; outDType: DType };
type Fallback = (inputs: [TensorInfo], attrs: Attrs, backend: Backend) => KernelResult;
interface Dim {
  size: number;
  stride: number;
}

/** Kept and reduced dims in order, size-1 dims dropped, neighbours merged where contiguous. */
function split(x: TensorInfo, dims: readonly number[]): { kept: Dim[]; red: Dim[] } {
  const kept: Dim[] = [];
  const red: Dim[] = [];
  x.shape.forEach((size, d) => {
    if (size === 1) return;
    const list = dims.includes(d) ? red : kept;
    const last = list[list.length - 1];
    const stride = x.strides[d]!;
    if (last && last.stride === stride * size) {
      last.size *= size;
      last.stride = stride;
    } else list.push({ size, stride });
  });
  return { kept, red };
}

type Fns = { rows: (...a: number[]) => void; cols: (...a: number[]) => void };

/** sum, max and min of float32 over any dims, on the WebAssembly reduction loops. */
export function wasmReduceKernel(op: ReduceOp, fallback: Fallback) {
  return (inputs: [TensorInfo], attrs: Attrs, backend: Backend): KernelResult => {
    const [x] = inputs;
    if (x.dtype !== 'float32' || attrs.outDType !== 'float32') return fallback(inputs, attrs, backend);
    const { kept, red } = split(x, attrs.dims);
    const innerRed = red[red.length - 1];
    const innerKept = kept[kept.length - 1];
    const byRows = red.length <= 2 && kept.length <= 2 && (!innerRed || innerRed.stride === 1);
    const byCols = !byRows && red.length <= 2 && kept.length <= 2 && innerKept?.stride === 1;
    if (!byRows && !byCols) return fallback(inputs, attrs, backend);
    const b = backend as WasmCpuBackend;
    const shape = attrs.keepdim
      ? x.shape.map((s, d) => (attrs.dims.includes(d) ? 1 : s))
      : x.shape.filter((_, d) => !attrs.dims.includes(d));
    const n = numelOf(shape);
    const out = b.allocUninit(n, 'float32');
    try {
      const fns = b.rt.module<Fns>(`reduce:${op}`, (m) => emitReduce(m, op));
      const px = b.ptr(x.dataId, x.offset);
      // a second kept dim, if any, is walked here
      const top = kept.length === 2 ? kept[0]! : { size: 1, stride: 0 };
      const last = kept.length ? kept[kept.length - 1]! : { size: 1, stride: 0 };
      const r0 = red.length === 2 ? red[0]! : { size: 1, stride: 0 };
      const r1 = red.length ? red[red.length - 1]! : { size: 1, stride: 0 };
      for (let t = 0; t < top.size; t++) {
        const o = out.h.ptr + t * last.size * 4;
        const xp = px + t * top.stride * 4;
        if (byRows) fns.rows(o, xp, last.size, last.stride * 4, r0.size, r0.stride * 4, r1.size);
        else fns.cols(o, xp, last.size, r0.size, r0.stride * 4, r1.size, r1.stride * 4);
      }
    } finally {
      b.endKernel();
    }
    return { dataId: out, shape, dtype: 'float32' };
  };
}
