import { zeros } from '@torchlet/tensor';
import { registerGradient } from '../registry.js';

registerGradient('gather', {
  saveInputs: [1],
  nonDifferentiable: [1],
  backward: (ctx, [g]) => [
    zeros(ctx.inputShapes[0]!, { dtype: g!.dtype, device: g!.device }).scatterAdd(ctx.attrs.dim, ctx.inputs[1]!, g!),
    null,
  ],
});
registerGradient('scatterAdd', {
  saveInputs: [1],
  nonDifferentiable: [1],
  backward: (ctx, [g]) => [g, null, ctx.needsInputGrad[2] ? g!.gather(ctx.attrs.dim, ctx.inputs[1]!) : null],
});
registerGradient('indexSelect', {
  saveInputs: [1],
  nonDifferentiable: [1],
  backward: (ctx, [g]) => [
    zeros(ctx.inputShapes[0]!, { dtype: g!.dtype, device: g!.device }).indexAdd(ctx.attrs.dim, ctx.inputs[1]!, g!),
    null,
  ],
});
registerGradient('indexAdd', {
  saveInputs: [1],
  nonDifferentiable: [1],
  backward: (ctx, [g]) => [g, null, ctx.needsInputGrad[2] ? g!.indexSelect(ctx.attrs.dim, ctx.inputs[1]!) : null],
});
