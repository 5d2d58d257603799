import type { Tensor } from '@torchlet/tensor';
import { logSoftmaxBackward, nllLossBackward, softmaxBackward } from '@torchlet/tensor';
import { registerGradient } from '../registry.js';

// Composite ops recorded as one node; their gradients run fused kernels where a backend has
// them, and differentiable compositions under createGraph.
registerGradient('softmax', {
  saveOutputs: true,
  backward: (ctx, [g]) => [softmaxBackward(g!, ctx.outputs[0] as Tensor, ctx.attrs.dim)],
});
registerGradient('logSoftmax', {
  saveOutputs: true,
  backward: (ctx, [g]) => [logSoftmaxBackward(g!, ctx.outputs[0] as Tensor, ctx.attrs.dim)],
});
registerGradient('nllLoss', {
  saveInputs: [1],
  nonDifferentiable: [1],
  backward: (ctx, [g]) => [nllLossBackward(g!, ctx.inputs[1] as Tensor, { ...ctx.attrs, inputShape: [...ctx.inputShapes[0]!] }), null],
});
