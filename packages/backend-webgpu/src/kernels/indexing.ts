import type { Backend, KernelSignatures, TensorInfo } from '@torchlet/tensor/backend';
import { IndexError } from '@torchlet/tensor/backend';
import { contiguousStrides, numelOf } from '@torchlet/tensor';
import type { WebGPUBackend } from '../backend.js';
import { gpuData, type GpuData } from '../program.js';
import { coalesce } from '../strided.js';
import { WG } from '../wgsl/common.js';
import { gatherCode, indexAddCode, indexCheckCode, indexSelectCode, scatterAddCode, scatterAddOwnersCode } from '../wgsl/indexing.js';

const gpu = (b: Backend) => b as WebGPUBackend;

/**
 * Indices outside [0, size) are an IndexError, as on the CPU. Index tensors uploaded from the
 * host keep a host copy and are checked right away; computed ones are checked on the device and
 * the error is raised by the next read.
 */
function checkIndices(b: WebGPUBackend, op: string, index: TensorInfo, size: number, dim: number): void {
  const n = numelOf(index.shape);
  if (n === 0) return;
  const { shape, strides } = coalesce(index.shape, [index.strides]);
  const host = gpuData(index.dataId).host;
  if (host) {
    const st = strides[0]!;
    const coord = new Array<number>(shape.length).fill(0);
    for (let i = 0; i < n; i++) {
      let o = index.offset;
      for (let d = 0; d < shape.length; d++) o += coord[d]! * st[d]!;
      const v = host[o]!;
      if (v < 0 || v >= size) throw new IndexError(`index ${v} is out of bounds for dimension ${dim} with size ${size}`, op);
      for (let d = shape.length - 1; d >= 0 && ++coord[d]! === shape[d]; d--) coord[d] = 0;
    }
    return;
  }
  b.run({
    op,
    code: indexCheckCode(shape.length, index.dtype),
    params: [n, size, b.errorSlot(op, dim, size), index.offset, ...shape, ...strides[0]!],
    buffers: [gpuData(index.dataId)],
    errors: true,
    groups: Math.ceil(n / WG),
  });
}

function launch(b: WebGPUBackend, op: string, code: string, params: number[], buffers: GpuData[], out: GpuData, n: number): void {
  if (n > 0) b.run({ op, code, params, buffers: [...buffers, out], groups: Math.ceil(n / WG) });
}

export function gatherKernel(
  [x, index]: [TensorInfo, TensorInfo],
  { dim }: { dim: number },
  backend: Backend,
): KernelSignatures['gather']['output'] {
  const b = gpu(backend);
  const size = x.shape[dim]!;
  checkIndices(b, 'gather', index, size, dim);
  const n = numelOf(index.shape);
  const out = b.output(n, x.dtype, 'gather');
  const r = index.shape.length;
  launch(
    b,
    'gather',
    gatherCode(r, x.dtype, index.dtype),
    [n, dim, size, x.offset, index.offset, ...index.shape, ...x.strides, ...index.strides],
    [gpuData(x.dataId), gpuData(index.dataId)],
    out,
    n,
  );
  return b.result(out, index.shape);
}

export function indexSelectKernel(
  [x, index]: [TensorInfo, TensorInfo],
  { dim }: { dim: number },
  backend: Backend,
): KernelSignatures['indexSelect']['output'] {
  const b = gpu(backend);
  const size = x.shape[dim]!;
  checkIndices(b, 'indexSelect', index, size, dim);
  const shape = x.shape.map((s, d) => (d === dim ? index.shape[0]! : s));
  const n = numelOf(shape);
  const out = b.output(n, x.dtype, 'indexSelect');
  const params = [n, dim, size, x.offset, index.offset, index.strides[0] ?? 0, ...shape, ...x.strides];
  launch(b, 'indexSelect', indexSelectCode(shape.length, x.dtype, index.dtype), params, [gpuData(x.dataId), gpuData(index.dataId)], out, n);
  return b.result(out, shape);
}

export function scatterAddKernel(
  [base, index, src]: [TensorInfo, TensorInfo, TensorInfo],
  { dim }: { dim: number },
  backend: Backend,
): KernelSignatures['scatterAdd']['output'] {
  const b = gpu(backend);
  checkIndices(b, 'scatterAdd', index, base.shape[dim]!, dim);
  const n = numelOf(base.shape);
  const out = b.output(n, base.dtype, 'scatterAdd');
  const m = numelOf(index.shape);
  // an index with fewer entries than the output: copy base, then a thread per index entry
  // (work m * count instead of n * count); otherwise a thread per output element
  const owners = m > 0 && m < n;
  const ishape = owners ? index.shape.map((s, d) => (d === dim ? 0 : s)) : index.shape;
  const params = [
    n,
    dim,
    base.offset,
    index.offset,
    src.offset,
    ...base.shape,
    ...base.strides,
    ...ishape,
    ...index.strides,
    ...src.strides,
  ];
  const buffers = [gpuData(base.dataId), gpuData(index.dataId), gpuData(src.dataId)];
  launch(b, 'scatterAdd', scatterAddCode(base.shape.length, base.dtype, index.dtype), params, buffers, out, n);
  if (owners) {
    const dstStrides = contiguousStrides(base.shape);
    b.run({
      op: 'scatterAdd',
      code: scatterAddOwnersCode(base.shape.length, base.dtype, index.dtype),
      params: [m, dim, base.shape[dim]!, index.offset, src.offset, ...index.shape, ...index.strides, ...src.strides, ...dstStrides],
      buffers: [gpuData(index.dataId), gpuData(src.dataId), out],
      groups: Math.ceil(m / WG),
    });
  }
  return b.result(out, base.shape);
}

export function indexAddKernel(
  [base, index, src]: [TensorInfo, TensorInfo, TensorInfo],
  { dim }: { dim: number },
  backend: Backend,
): KernelSignatures['indexAdd']['output'] {
  const b = gpu(backend);
  checkIndices(b, 'indexAdd', index, base.shape[dim]!, dim);
  const n = numelOf(base.shape);
  const out = b.output(n, base.dtype, 'indexAdd');
  const params = [
    n,
    dim,
    index.shape[0]!,
    base.offset,
    index.offset,
    index.strides[0] ?? 0,
    src.offset,
    ...base.shape,
    ...base.strides,
    ...src.strides,
  ];
  const buffers = [gpuData(base.dataId), gpuData(index.dataId), gpuData(src.dataId)];
  launch(b, 'indexAdd', indexAddCode(base.shape.length, base.dtype, index.dtype), params, buffers, out, n);
  return b.result(out, base.shape);
}
