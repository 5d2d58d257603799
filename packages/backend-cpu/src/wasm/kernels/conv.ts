import type { Backend, Conv2dAttrs, KernelResult, KernelSignatures, TensorInfo } from '@torchlet/tensor';
import { conv2dOutputSize, numelOf } from '@torchlet/tensor';
import { emitIm2col, geometryKey, type ConvGeometry } from '../gen/im2col.js';
import type { WasmCpuBackend } from '../wasm-backend.js';
import { gemm, gemmWorkspace } from './gemm.js';
import { densePtr } from './dense.js';

type Im2col = { im2col: (img: number, cols: number) => void; col2im: (cols: number, img: number) => void };

interface Plan {
  N: number;
  C: number;
  O: number;
  Og: number;
  groups: number;
  /** rows of a column matrix: Cg * kh * kw */
  K: number;
  /** output positions: OH * OW */
  P: number;
  HW: number;
  fns: Im2col;
}

function plan(b: WasmCpuBackend, inShape: readonly number[], wShape: readonly number[], a: Conv2dAttrs): Plan {
  const [N, C, H, W] = inShape as [number, number, number, number];
  const [O, Cg, kh, kw] = wShape as [number, number, number, number];
  const [OH, OW] = conv2dOutputSize([H, W], [kh, kw], a);
  const g: ConvGeometry = { C: Cg, H, W, kh, kw, sh: a.stride[0], sw: a.stride[1], ph: a.padding[0], pw: a.padding[1], dh: a.dilation[0], dw: a.dilation[1], OH, OW };
  const fns = b.rt.module<Im2col>(`im2col:${geometryKey(g)}`, (m) => emitIm2col(m, g));
  return { N, C, O, Og: O / a.groups, groups: a.groups, K: Cg * kh * kw, P: OH * OW, HW: H * W, fns };
}

const f32ok = (...xs: TensorInfo[]) => xs.every((x) => x.dtype === 'float32');

type Fallback<K extends keyof KernelSignatures> = (inputs: KernelSignatures[K]['inputs'], attrs: KernelSignatures[K]['attrs'], backend: Backend) => KernelResult;

/** y[n, g] = W[g] (Og x K) cols(x[n, g]) (K x P), im2col then gemm per image and group. */
export function wasmConv2dKernel(fallback: Fallback<'conv2d'>) {
  return (inputs: [TensorInfo, TensorInfo], attrs: Conv2dAttrs, backend: Backend): KernelResult => {
    const [x, w] = inputs;
    if (!f32ok(x, w)) return fallback(inputs, attrs, backend);
    const b = backend as WasmCpuBackend;
    const p = plan(b, x.shape, w.shape, attrs);
    const out = b.allocUninit(p.N * p.O * p.P, 'float32');
    try {
      const X = densePtr(b, x);
      const Wp = densePtr(b, w);
      const cols = b.scratch(p.K * p.P * 4);
      const ws = gemmWorkspace(b, p.Og, p.P, p.K);
      for (let n = 0; n < p.N; n++)
        for (let gr = 0; gr < p.groups; gr++) {
          p.fns.im2col(X + (n * p.C + gr * (p.C / p.groups)) * p.HW * 4, cols);
          gemm(b, ws, p.Og, p.P, p.K, { ptr: Wp + gr * p.Og * p.K * 4, row: p.K * 4, col: 4 }, { ptr: cols, row: p.P * 4, col: 4 }, out.h.ptr + (n * p.O + gr * p.Og) * p.P * 4, p.P * 4, false);
        }
    } finally {
      b.endKernel();
    }
    const [OH, OW] = conv2dOutputSize(x.shape.slice(2), w.shape.slice(2), attrs);
    return { dataId: out, shape: [p.N, p.O, OH, OW], dtype: 'float32' };
  };
}

/** dx: cols = W[g]^T (K x Og) dy[n, g] (Og x P), folded back into the image (col2im). */
export function wasmConv2dBackpropInputKernel(fallback: Fallback<'conv2dBackpropInput'>) {
  return (inputs: [TensorInfo, TensorInfo], attrs: KernelSignatures['conv2dBackpropInput']['attrs'], backend: Backend): KernelResult => {
    const [gy, w] = inputs;
    if (!f32ok(gy, w)) return fallback(inputs, attrs, backend);
    const b = backend as WasmCpuBackend;
    const p = plan(b, attrs.inputShape, w.shape, attrs);
    const n = numelOf(attrs.inputShape);
    const out = b.allocUninit(n, 'float32');
    new Float32Array(b.heap.buffer as ArrayBuffer, out.h.ptr, n).fill(0);
    try {
      const GY = densePtr(b, gy);
      const Wp = densePtr(b, w);
      const cols = b.scratch(p.K * p.P * 4);
      const ws = gemmWorkspace(b, p.K, p.P, p.Og);
      for (let i = 0; i < p.N; i++)
        for (let gr = 0; gr < p.groups; gr++) {
          gemm(b, ws, p.K, p.P, p.Og, { ptr: Wp + gr * p.Og * p.K * 4, row: 4, col: p.K * 4 }, { ptr: GY + (i * p.O + gr * p.Og) * p.P * 4, row: p.P * 4, col: 4 }, cols, p.P * 4, false);
          p.fns.col2im(cols, out.h.ptr + (i * p.C + gr * (p.C / p.groups)) * p.HW * 4);
        }
    } finally {
      b.endKernel();
    }
    return { dataId: out, shape: attrs.inputShape, dtype: 'float32' };
  };
}

/** dW[g] = sum over n of dy[n, g] (Og x P) cols(x[n, g])^T (P x K). */
export function wasmConv2dBackpropFilterKernel(fallback: Fallback<'conv2dBackpropFilter'>) {
  return (inputs: [TensorInfo, TensorInfo], attrs: KernelSignatures['conv2dBackpropFilter']['attrs'], backend: Backend): KernelResult => {
    const [x, gy] = inputs;
    if (!f32ok(x, gy)) return fallback(inputs, attrs, backend);
    const b = backend as WasmCpuBackend;
    const p = plan(b, x.shape, attrs.weightShape, attrs);
    const out = b.allocUninit(numelOf(attrs.weightShape), 'float32');
    try {
      const X = densePtr(b, x);
      const GY = densePtr(b, gy);
      const cols = b.scratch(p.K * p.P * 4);
      const ws = gemmWorkspace(b, p.Og, p.K, p.P);
      if (p.N === 0) new Float32Array(b.heap.buffer as ArrayBuffer, out.h.ptr, numelOf(attrs.weightShape)).fill(0);
      for (let n = 0; n < p.N; n++)
        for (let gr = 0; gr < p.groups; gr++) {
          p.fns.im2col(X + (n * p.C + gr * (p.C / p.groups)) * p.HW * 4, cols);
          gemm(b, ws, p.Og, p.K, p.P, { ptr: GY + (n * p.O + gr * p.Og) * p.P * 4, row: p.P * 4, col: 4 }, { ptr: cols, row: 4, col: p.P * 4 }, out.h.ptr + gr * p.Og * p.K * 4, p.K * 4, n > 0);
        }
    } finally {
      b.endKernel();
    }
    return { dataId: out, shape: attrs.weightShape, dtype: 'float32' };
  };
}

