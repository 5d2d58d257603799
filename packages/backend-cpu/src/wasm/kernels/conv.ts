import type { Backend, Conv2dAttrs, KernelResult, KernelSignatures, TensorInfo } from '@torchlet/tensor';
import { conv2dOutputSize, numelOf } from '@torchlet/tensor';
import { emitConvLayer, layerKey, type ConvLayer } from '../gen/conv.js';
import { GEMM_TILE, gemmScratch } from '../gen/gemm.js';
import { emitConvPacked, PACKED_MAX_K } from '../gen/conv-packed.js';
import type { WasmCpuBackend } from '../wasm-backend.js';
import { densePtr } from './dense.js';
import { gemmKey, gemmModule } from './gemm.js';

type Drivers = Record<'forward' | 'backwardInput' | 'backwardFilter', (...a: number[]) => void>;

interface Layer extends ConvLayer {
  N: number;
  K: number;
  P: number;
  key: string;
  fns: Drivers;
}

function layer(b: WasmCpuBackend, inShape: readonly number[], wShape: readonly number[], a: Conv2dAttrs): Layer {
  const [N, Cin, H, W] = inShape as [number, number, number, number];
  const [O, Cg, kh, kw] = wShape as [number, number, number, number];
  const [OH, OW] = conv2dOutputSize([H, W], [kh, kw], a);
  const l: ConvLayer = {
    C: Cg,
    H,
    W,
    kh,
    kw,
    sh: a.stride[0],
    sw: a.stride[1],
    ph: a.padding[0],
    pw: a.padding[1],
    dh: a.dilation[0],
    dw: a.dilation[1],
    OH,
    OW,
    Cin,
    O,
    groups: a.groups,
  };
  gemmModule(b);
  const key = `conv:${layerKey(l)}`;
  const fns = b.rt.module<Drivers>(key, (m) => emitConvLayer(m, l), { gemm: [gemmKey(b), 'gemm'] });
  return { ...l, N, K: Cg * kh * kw, P: OH * OW, key, fns };
}

/**
 * Split the images over threads and run driver `fn`. The generic forward takes (n0, n1, a, b,
 * c, cols, bufA, bufB, tile) with one image's column matrix; the backward drivers take (n0, n1,
 * a, b, c, wide, gyT, bufA, bufB, tile) with the range's images side by side. Each thread gets
 * its own scratch, sized for its gemm (M x N x K as a function of the images it takes).
 */
function runImages(
  b: WasmCpuBackend,
  l: Layer,
  fn: keyof Drivers,
  gemmShape: (cols: number) => [number, number, number],
  a: number,
  bb: number,
  c: (t: number) => number,
  threads: number,
): void {
  const per = Math.ceil(l.N / threads);
  const Og = l.O / l.groups;
  const args: number[][] = [];
  for (let t = 0, n0 = 0; n0 < l.N; t++, n0 += per) {
    const n1 = Math.min(l.N, n0 + per);
    const s = gemmScratch(GEMM_TILE, ...gemmShape((n1 - n0) * l.P));
    const work =
      fn === 'forward' ? [b.scratch(l.K * l.P * 4)] : [b.scratch(l.K * (n1 - n0) * l.P * 4), b.scratch(Og * (n1 - n0) * l.P * 4)];
    args.push([n0, n1, a, bb, c(t), ...work, b.scratch(s.a), b.scratch(s.b), b.scratch(s.tile)]);
  }
  b.parallel(l.key, fn, args, l.fns[fn]);
}

const f32ok = (...xs: TensorInfo[]) => xs.every((x) => x.dtype === 'float32');
const flops = (l: Layer) => 2 * l.N * l.O * l.K * l.P;

type Fallback<K extends keyof KernelSignatures> = (
  inputs: KernelSignatures[K]['inputs'],
  attrs: KernelSignatures[K]['attrs'],
  backend: Backend,
) => KernelResult;

/**
 * The forward pass with patches gathered straight into packed gemm panels and the weight packed
 * once (K up to PACKED_MAX_K), images split over threads.
 */
function forwardPacked(b: WasmCpuBackend, l: Layer, X: number, W: number, Y: number, threads: number): void {
  const { mr, nr } = GEMM_TILE;
  const Og = l.O / l.groups;
  const rowPanels = Math.ceil(Og / mr);
  const gemmFns = gemmModule(b) as unknown as { packA: (...a: number[]) => void };
  const key = `convp:${layerKey(l)}:${mr}x${nr}:${b.rt.fma}`;
  const fns = b.rt.module<{ forwardPacked: (...a: number[]) => void }>(key, (m) => emitConvPacked(m, l, GEMM_TILE), {
    micro: [gemmKey(b), 'micro'],
  });
  const packed = b.scratch(l.groups * rowPanels * mr * l.K * 4);
  for (let g = 0; g < l.groups; g++) gemmFns.packA(W + g * Og * l.K * 4, l.K * 4, 4, Og, l.K, packed + g * rowPanels * mr * l.K * 4);
  const per = Math.ceil(l.N / threads);
  const args: number[][] = [];
  for (let n0 = 0; n0 < l.N; n0 += per)
    args.push([n0, Math.min(l.N, n0 + per), X, packed, Y, b.scratch(Math.ceil(l.P / nr) * nr * l.K * 4), b.scratch(mr * nr * 4)]);
  b.parallel(key, 'forwardPacked', args, fns.forwardPacked);
}

/** y[n, g] = W[g] (Og x K) cols(x[n, g]) (K x P): im2col then gemm per image and group. */
export function wasmConv2dKernel(fallback: Fallback<'conv2d'>) {
  return (inputs: [TensorInfo, TensorInfo], attrs: Conv2dAttrs, backend: Backend): KernelResult => {
    const [x, w] = inputs;
    if (!f32ok(x, w)) return fallback(inputs, attrs, backend);
    const b = backend as WasmCpuBackend;
    const l = layer(b, x.shape, w.shape, attrs);
    const out = b.allocUninit(l.N * l.O * l.P, 'float32');
    try {
      const threads = b.threadsFor(flops(l), l.N);
      if (l.K <= PACKED_MAX_K) forwardPacked(b, l, densePtr(b, x), densePtr(b, w), out.h.ptr, threads);
      else
        runImages(
          b,
          l,
          'forward',
          () => [l.O / l.groups, l.P, l.K],
          densePtr(b, x),
          densePtr(b, w),
          () => out.h.ptr,
          threads,
        );
    } finally {
      b.endKernel();
    }
    return { dataId: out, shape: [l.N, l.O, l.OH, l.OW], dtype: 'float32' };
  };
}

/** dx: cols = W[g]^T (K x Og) dy[n, g] (Og x P), folded back into the image (col2im). */
export function wasmConv2dBackpropInputKernel(fallback: Fallback<'conv2dBackpropInput'>) {
  return (inputs: [TensorInfo, TensorInfo], attrs: KernelSignatures['conv2dBackpropInput']['attrs'], backend: Backend): KernelResult => {
    const [gy, w] = inputs;
    if (!f32ok(gy, w)) return fallback(inputs, attrs, backend);
    const b = backend as WasmCpuBackend;
    const l = layer(b, attrs.inputShape, w.shape, attrs);
    const n = numelOf(attrs.inputShape);
    const out = b.allocUninit(n, 'float32');
    b.rt.mem.fill(out.h.ptr, 0, n * 4);
    try {
      const threads = b.threadsFor(flops(l), l.N);
      runImages(
        b,
        l,
        'backwardInput',
        (cols) => [l.K, cols, l.O / l.groups],
        densePtr(b, gy),
        densePtr(b, w),
        () => out.h.ptr,
        threads,
      );
    } finally {
      b.endKernel();
    }
    return { dataId: out, shape: attrs.inputShape, dtype: 'float32' };
  };
}

/** dW[g] = sum over n of dy[n, g] (Og x P) cols(x[n, g])^T (P x K); threads sum partial dW. */
export function wasmConv2dBackpropFilterKernel(fallback: Fallback<'conv2dBackpropFilter'>) {
  return (inputs: [TensorInfo, TensorInfo], attrs: KernelSignatures['conv2dBackpropFilter']['attrs'], backend: Backend): KernelResult => {
    const [x, gy] = inputs;
    if (!f32ok(x, gy)) return fallback(inputs, attrs, backend);
    const b = backend as WasmCpuBackend;
    const l = layer(b, x.shape, attrs.weightShape, attrs);
    const n = numelOf(attrs.weightShape);
    const out = b.allocUninit(n, 'float32');
    try {
      if (l.N === 0) b.rt.mem.fill(out.h.ptr, 0, n * 4);
      const threads = b.threadsFor(flops(l), l.N);
      const partial = Array.from({ length: threads }, (_, t) => (t === 0 ? out.h.ptr : b.scratch(n * 4)));
      runImages(
        b,
        l,
        'backwardFilter',
        (cols) => [l.O / l.groups, l.K, cols],
        densePtr(b, x),
        densePtr(b, gy),
        (t) => partial[t]!,
        threads,
      );
      for (let t = 1; t < partial.length && t * Math.ceil(l.N / threads) < l.N; t++) b.rt.mem.addTo(out.h.ptr, partial[t]!, n);
    } finally {
      b.endKernel();
    }
    return { dataId: out, shape: attrs.weightShape, dtype: 'float32' };
  };
}
