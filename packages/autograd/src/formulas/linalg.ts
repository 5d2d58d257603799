import type { Tensor } from '@torchlet/tensor';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput } from '@torchlet/tensor';
import { registerGradient } from '../registry.js';

registerGradient('matmul', {
  saveInputs: true,
  backward: (ctx, [g]) => {
    const [a, b] = ctx.inputs as Tensor[];
    return [ctx.needsInputGrad[0] ? g!.matmul(b!.mT) : null, ctx.needsInputGrad[1] ? a!.mT.matmul(g!) : null];
  },
});

registerGradient('conv2d', {
  saveInputs: true,
  backward: (ctx, [g]) => {
    const [x, w] = ctx.inputs as Tensor[];
    return [
      ctx.needsInputGrad[0] ? conv2dBackpropInput(g!, w!, [...x!.shape], ctx.attrs) : null,
      ctx.needsInputGrad[1] ? conv2dBackpropFilter(x!, g!, [...w!.shape], ctx.attrs) : null,
    ];
  },
});

/** conv2dBackpropInput(gy, w) is linear in both: its adjoints are a convolution and a filter gradient. */
registerGradient('conv2dBackpropInput', {
  saveInputs: true,
  backward: (ctx, [gg]) => {
    const [gy, w] = ctx.inputs as Tensor[];
    const attrs = { stride: ctx.attrs.stride, padding: ctx.attrs.padding, dilation: ctx.attrs.dilation, groups: ctx.attrs.groups };
    return [
      ctx.needsInputGrad[0] ? conv2d(gg!, w!, null, attrs) : null,
      ctx.needsInputGrad[1] ? conv2dBackpropFilter(gg!, gy!, [...w!.shape], ctx.attrs) : null,
    ];
  },
});

registerGradient('conv2dBackpropFilter', {
  saveInputs: true,
  backward: (ctx, [gw]) => {
    const [x, gy] = ctx.inputs as Tensor[];
    const attrs = { stride: ctx.attrs.stride, padding: ctx.attrs.padding, dilation: ctx.attrs.dilation, groups: ctx.attrs.groups };
    return [
      ctx.needsInputGrad[0] ? conv2dBackpropInput(gy!, gw!, [...x!.shape], ctx.attrs) : null,
      ctx.needsInputGrad[1] ? conv2d(x!, gw!, null, attrs) : null,
    ];
  },
});
