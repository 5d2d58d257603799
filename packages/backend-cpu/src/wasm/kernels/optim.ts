import type { Backend, KernelFn, SgdAttrs, TensorInfo } from '@torchlet/tensor';
import { isContiguous, numelOf } from '@torchlet/tensor';
import { adamKey, emitAdam, emitSgd, sgdKey } from '../gen/optim.js';
import type { WasmCpuBackend, WasmData } from '../wasm-backend.js';

/** float32 and contiguous: the SIMD loop applies (a strided view goes to the JS kernel). */
function simdable(xs: readonly TensorInfo[]): boolean {
  return xs.every((x) => x.dtype === 'float32' && isContiguous(x.shape, x.strides));
}

/**
 * Addresses of the tensors in WebAssembly memory for an in-place update. Resident storage is
 * updated where it is; small or shared arrays are copied into scratch memory, and `after`
 * copies the updated ones back (`written`: indices of the tensors the kernel writes).
 */
function stage(b: WasmCpuBackend, xs: readonly TensorInfo[], written: readonly number[]): { ptrs: number[]; after: () => void } {
  const back: (() => void)[] = [];
  const ptrs = xs.map((x, i) => {
    const d = x.dataId as WasmData;
    if (b.resident(d)) return d.h.ptr + x.offset * 4;
    const n = numelOf(x.shape);
    const p = b.scratch(n * 4);
    const view = () => new Float32Array(b.heap.buffer as ArrayBuffer, p, n);
    view().set((d.data as Float32Array).subarray(x.offset, x.offset + n));
    if (written.includes(i)) back.push(() => (d.data as Float32Array).set(view(), x.offset));
    return p;
  });
  return {
    ptrs,
    after: () => {
      for (const f of back) f();
    },
  };
}

export function wasmSgdStepKernel(fallback: (inputs: [TensorInfo, TensorInfo, TensorInfo], h: SgdAttrs, backend: Backend) => void) {
  return (inputs: [TensorInfo, TensorInfo, TensorInfo], h: SgdAttrs, backend: Backend): void => {
    const b = backend as WasmCpuBackend;
    if (!simdable(inputs)) {
      fallback(inputs, h, backend);
      return;
    }
    const flags = {
      weightDecay: h.weightDecay !== 0,
      momentum: h.momentum !== 0,
      plainDampening: h.dampening === 0,
      nesterov: h.nesterov,
      maximize: h.maximize,
      firstStep: h.firstStep,
    };
    const fn = b.rt.module<{ sgd: (...a: number[]) => void }>(sgdKey(flags), (m) => emitSgd(m, flags)).sgd;
    try {
      const { ptrs, after } = stage(b, inputs, h.momentum !== 0 ? [0, 2] : [0]);
      fn(ptrs[0]!, ptrs[1]!, ptrs[2]!, numelOf(inputs[0].shape), h.weightDecay, h.momentum, 1 - h.dampening, h.lr);
      after();
    } finally {
      b.endKernel();
    }
  };
}

export function wasmAdamStepKernel(fallback: KernelFn<'adamStep'>): KernelFn<'adamStep'> {
  return (inputs, h, backend) => {
    const b = backend as WasmCpuBackend;
    if (!simdable(inputs)) {
      fallback(inputs, h, backend);
      return;
    }
    const flags = { weightDecay: h.weightDecay !== 0, decoupled: h.decoupledDecay !== 0, amsgrad: h.amsgrad, maximize: h.maximize };
    const fn = b.rt.module<{ adam: (...a: number[]) => void }>(adamKey(flags), (m) => emitAdam(m, flags)).adam;
    const stepSize = h.lr / (1 - h.beta1 ** h.step);
    const bias2Sqrt = Math.sqrt(1 - h.beta2 ** h.step);
    try {
      const { ptrs, after } = stage(b, inputs, [0, 2, 3, 4]);
      const [p, g, m, v, x] = ptrs;
      fn(
        p!,
        g!,
        m!,
        v!,
        x ?? 0,
        numelOf(inputs[0]!.shape),
        h.beta1,
        1 - h.beta1,
        h.beta2,
        1 - h.beta2,
        h.weightDecay,
        h.eps,
        1 - h.lr * h.decoupledDecay,
        -stepSize,
        bias2Sqrt,
      );
      after();
    } finally {
      b.endKernel();
    }
  };
}
