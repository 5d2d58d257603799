import type { Backend, Conv2dAttrs, KernelSignatures, TensorInfo } from '@torchlet/tensor';
import { conv2dOutputSize, numelOf } from '@torchlet/tensor';
import type { WebGPUBackend } from '../backend.js';
import { gpuData } from '../program.js';
import { type GemmRows, TILE, tileM } from '../wgsl/gemm.js';
import { conv2dBackpropFilterCode, conv2dBackpropInputCode, conv2dCode } from '../wgsl/conv.js';
import { runGemm } from './gemm.js';
import { reduceInto } from './reduce.js';

type View = Pick<TensorInfo, 'offset' | 'strides'>;

/** rows per thread for a GEMM with M rows: a short tile wastes less work on few channels */
const rowsFor = (M: number): GemmRows => (M <= 8 ? 1 : M <= 16 ? 2 : 4);
const NONE: View = { offset: 0, strides: [0, 0, 0, 0] };

/** The conv parameter block of wgsl/conv.ts (NAMES order). */
function geometry(
  inShape: readonly number[],
  wShape: readonly number[],
  at: Conv2dAttrs,
  x: View,
  w: View,
  y: View,
  splits = 1,
  chunk = 0,
) {
  const [Nb, C, H, W] = inShape as [number, number, number, number];
  const [O, Cg, kh, kw] = wShape as [number, number, number, number];
  const [OH, OW] = conv2dOutputSize([H, W], [kh, kw], at);
  const g = { Nb, C, H, W, O, Cg, Og: O / at.groups, kh, kw, OH, OW };
  const params = [Nb, C, H, W, O, Cg, g.Og, kh, kw, OH, OW, ...at.stride, ...at.padding, ...at.dilation];
  for (const v of [x, w, y]) params.push(v.offset, ...v.strides);
  params.push(splits, chunk);
  return { g, params };
}

export function conv2dKernel([x, w]: [TensorInfo, TensorInfo], attrs: Conv2dAttrs, backend: Backend): KernelSignatures['conv2d']['output'] {
  const b = backend as WebGPUBackend;
  const { g, params } = geometry(x.shape, w.shape, attrs, x, w, NONE);
  const shape = [g.Nb, g.O, g.OH, g.OW];
  const out = b.output(numelOf(shape), x.dtype, 'conv2d');
  const rows = rowsFor(g.Og);
  runGemm(
    b,
    'conv2d',
    conv2dCode({ rows }),
    g.Og,
    g.Nb * g.OH * g.OW,
    attrs.groups,
    params,
    [gpuData(w.dataId), gpuData(x.dataId), out],
    rows,
  );
  return b.result(out, shape);
}

export function conv2dBackpropInputKernel(
  [gy, w]: [TensorInfo, TensorInfo],
  attrs: KernelSignatures['conv2dBackpropInput']['attrs'],
  backend: Backend,
): KernelSignatures['conv2dBackpropInput']['output'] {
  const b = backend as WebGPUBackend;
  const { g, params } = geometry(attrs.inputShape, w.shape, attrs, NONE, w, gy);
  const out = b.output(numelOf(attrs.inputShape), gy.dtype, 'conv2dBackpropInput');
  const rows = rowsFor(g.Cg);
  runGemm(
    b,
    'conv2dBackpropInput',
    conv2dBackpropInputCode(attrs.stride[0] === 1 && attrs.stride[1] === 1, { rows }),
    g.Cg,
    g.Nb * g.H * g.W,
    attrs.groups,
    params,
    [gpuData(w.dataId), gpuData(gy.dataId), out],
    rows,
  );
  return b.result(out, attrs.inputShape);
}

/** Workgroups a split-K filter gradient aims for. */
const TARGET_TILES = 64;

export function conv2dBackpropFilterKernel(
  [x, gy]: [TensorInfo, TensorInfo],
  attrs: KernelSignatures['conv2dBackpropFilter']['attrs'],
  backend: Backend,
): KernelSignatures['conv2dBackpropFilter']['output'] {
  const op = 'conv2dBackpropFilter';
  const b = backend as WebGPUBackend;
  const [O, Cg, kh, kw] = attrs.weightShape as [number, number, number, number];
  const Og = O / attrs.groups;
  const N = Cg * kh * kw;
  const K = x.shape[0]! * gy.shape[2]! * gy.shape[3]!;
  // split the long sum over batch and positions so that enough workgroups run, then add the partials
  const rows = rowsFor(Og);
  const tiles = Math.ceil(Og / tileM(rows)) * Math.ceil(N / TILE) * attrs.groups;
  const splits = Math.max(1, Math.min(Math.ceil(TARGET_TILES / tiles), Math.ceil(K / 256)));
  const chunk = Math.ceil(K / splits / 32) * 32;
  const nW = O * N;
  const { params } = geometry(x.shape, attrs.weightShape, attrs, x, NONE, gy, splits, chunk);
  const partial = b.output(splits * nW, x.dtype, op);
  runGemm(
    b,
    op,
    conv2dBackpropFilterCode({ rows }),
    Og,
    N,
    attrs.groups * splits,
    params,
    [gpuData(gy.dataId), gpuData(x.dataId), partial],
    rows,
  );
  if (splits === 1) return b.result(partial, attrs.weightShape);
  const out = reduceInto(b, 'sum', { dataId: partial, shape: [splits, nW], strides: [nW, 1], offset: 0, dtype: x.dtype }, [0], x.dtype);
  b.free(partial);
  return b.result(out, attrs.weightShape);
}
