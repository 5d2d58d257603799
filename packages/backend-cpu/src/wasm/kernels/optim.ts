import type { AdamAttrs, Backend, SgdAttrs, TensorInfo } from '@torchlet/tensor';
import { isContiguous, numelOf } from '@torchlet/tensor';
import { adamKey, emitAdam, emitSgd, sgdKey } from '../gen/optim.js';
import type { WasmCpuBackend, WasmData } from '../wasm-backend.js';

/** float32, contiguous and in WebAssembly memory (a user's shared array is updated by the JS kernel). */
function direct(b: WasmCpuBackend, xs: readonly TensorInfo[]): boolean {
  return xs.every((x) => x.dtype === 'float32' && isContiguous(x.shape, x.strides) && b.resident(x.dataId as WasmData));
}

const addr = (b: WasmCpuBackend, x: TensorInfo) => b.ptr(x.dataId, x.offset);

export function wasmSgdStepKernel(fallback: (inputs: [TensorInfo, TensorInfo, TensorInfo], h: SgdAttrs, backend: Backend) => void) {
  return (inputs: [TensorInfo, TensorInfo, TensorInfo], h: SgdAttrs, backend: Backend): void => {
    const b = backend as WasmCpuBackend;
    if (!direct(b, inputs)) return fallback(inputs, h, backend);
    const flags = { weightDecay: h.weightDecay !== 0, momentum: h.momentum !== 0, plainDampening: h.dampening === 0, nesterov: h.nesterov, maximize: h.maximize, firstStep: h.firstStep };
    const fn = b.rt.module<{ sgd: (...a: number[]) => void }>(sgdKey(flags), (m) => emitSgd(m, flags)).sgd;
    const [p, g, buf] = inputs;
    fn(addr(b, p), addr(b, g), addr(b, buf), numelOf(p.shape), h.weightDecay, h.momentum, 1 - h.dampening, h.lr);
  };
}

export function wasmAdamStepKernel(fallback: (inputs: TensorInfo[], h: AdamAttrs, backend: Backend) => void) {
  return (inputs: TensorInfo[], h: AdamAttrs, backend: Backend): void => {
    const b = backend as WasmCpuBackend;
    if (!direct(b, inputs)) return fallback(inputs, h, backend);
    const flags = { weightDecay: h.weightDecay !== 0, decoupled: h.decoupledDecay !== 0, amsgrad: h.amsgrad, maximize: h.maximize };
    const fn = b.rt.module<{ adam: (...a: number[]) => void }>(adamKey(flags), (m) => emitAdam(m, flags)).adam;
    const [p, g, m, v, x] = inputs;
    const stepSize = h.lr / (1 - h.beta1 ** h.step);
    const bias2Sqrt = Math.sqrt(1 - h.beta2 ** h.step);
    fn(addr(b, p!), addr(b, g!), addr(b, m!), addr(b, v!), x ? addr(b, x) : 0, numelOf(p!.shape), h.beta1, 1 - h.beta1, h.beta2, 1 - h.beta2, h.weightDecay, h.eps, 1 - h.lr * h.decoupledDecay, -stepSize, bias2Sqrt);
  };
}
