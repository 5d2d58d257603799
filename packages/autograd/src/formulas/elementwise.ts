import type { Tensor } from '@torchlet/tensor';
import { where, zerosLike } from '@torchlet/tensor';
import { registerGradient } from '../registry.js';
import { sumToShape } from './util.js';

const x0 = (ctx: { inputs: readonly (Tensor | undefined)[] }) => ctx.inputs[0]!;
const y0 = (ctx: { outputs: readonly (Tensor | undefined)[] }) => ctx.outputs[0]!;

// ---- unary ----------------------------------------------------------------------------
registerGradient('neg', { backward: (_, [g]) => [g!.neg()] });
registerGradient('abs', { saveInputs: true, backward: (ctx, [g]) => [g!.mul(x0(ctx).sign())] });
registerGradient('sign', { saveInputs: true, backward: (ctx) => [zerosLike(x0(ctx))] });
registerGradient('exp', { saveOutputs: true, backward: (ctx, [g]) => [g!.mul(y0(ctx))] });
registerGradient('log', { saveInputs: true, backward: (ctx, [g]) => [g!.div(x0(ctx))] });
registerGradient('sqrt', { saveOutputs: true, backward: (ctx, [g]) => [g!.div(y0(ctx).mul(2))] });
registerGradient('rsqrt', {
  saveOutputs: true,
  backward: (ctx, [g]) => {
    const y = y0(ctx);
    return [g!.mul(y.mul(y).mul(y)).mul(-0.5)];
  },
});
registerGradient('sin', { saveInputs: true, backward: (ctx, [g]) => [g!.mul(x0(ctx).cos())] });
registerGradient('cos', { saveInputs: true, backward: (ctx, [g]) => [g!.mul(x0(ctx).sin()).neg()] });
registerGradient('tanh', {
  saveOutputs: true,
  backward: (ctx, [g]) => {
    const y = y0(ctx);
    return [g!.mul(y.mul(y).neg().add(1))];
  },
});
registerGradient('sigmoid', {
  saveOutputs: true,
  backward: (ctx, [g]) => {
    const y = y0(ctx);
    return [g!.mul(y.mul(y.neg().add(1)))];
  },
});
registerGradient('erf', { saveInputs: true, backward: (ctx, [g]) => [g!.mul(x0(ctx).square().neg().exp()).mul(2 / Math.sqrt(Math.PI))] });
// PyTorch's threshold_backward: zero where the output is <= 0, the gradient elsewhere (NaN outputs included)
registerGradient('relu', { saveOutputs: true, backward: (ctx, [g]) => [where(y0(ctx).le(0), 0, g!)] });
registerGradient('clamp', {
  saveInputs: true,
  backward: (ctx, [g]) => {
    const x = x0(ctx);
    let mask = x.eq(x); // true except NaN
    if (ctx.attrs.min !== null) mask = mask.logicalAnd(x.ge(ctx.attrs.min));
    if (ctx.attrs.max !== null) mask = mask.logicalAnd(x.le(ctx.attrs.max));
    return [g!.mul(mask)];
  },
});
registerGradient('cast', { backward: (ctx, [g]) => [g!.to(ctx.attrs.dtype)] });
registerGradient('to', { backward: (ctx, [g]) => [g!.to(ctx.attrs.device)] });
registerGradient('clone', { backward: (_, [g]) => [g] });

// ---- binary (operands broadcast: reduce gradients back to each input's shape) ---------
registerGradient('add', { backward: (ctx, [g]) => [sumToShape(g!, ctx.inputShapes[0]!), sumToShape(g!, ctx.inputShapes[1]!)] });
registerGradient('sub', {
  backward: (ctx, [g]) => [sumToShape(g!, ctx.inputShapes[0]!), ctx.needsInputGrad[1] ? sumToShape(g!.neg(), ctx.inputShapes[1]!) : null],
});
registerGradient('mul', {
  saveInputs: true,
  backward: (ctx, [g]) => {
    const [a, b] = ctx.inputs as Tensor[];
    return [
      ctx.needsInputGrad[0] ? sumToShape(g!.mul(b!), ctx.inputShapes[0]!) : null,
      ctx.needsInputGrad[1] ? sumToShape(g!.mul(a!), ctx.inputShapes[1]!) : null,
    ];
  },
});
registerGradient('div', {
  saveInputs: true,
  backward: (ctx, [g]) => {
    const [a, b] = ctx.inputs as Tensor[];
    return [
      ctx.needsInputGrad[0] ? sumToShape(g!.div(b!), ctx.inputShapes[0]!) : null,
      ctx.needsInputGrad[1] ? sumToShape(g!.mul(a!).div(b!.mul(b!)).neg(), ctx.inputShapes[1]!) : null,
    ];
  },
});
registerGradient('pow', {
  saveInputs: true,
  saveOutputs: true,
  backward: (ctx, [g]) => {
    const [a, b] = ctx.inputs as Tensor[];
    const y = y0(ctx);
    // PyTorch: d/da = b * a^(b-1) (0 where b == 0); d/db = a^b * log(a) (0 where a == 0 and b >= 0)
    const ga = ctx.needsInputGrad[0] ? sumToShape(where(b!.eq(0), 0, g!.mul(b!).mul(a!.pow(b!.sub(1)))), ctx.inputShapes[0]!) : null;
    const gb = ctx.needsInputGrad[1]
      ? sumToShape(where(a!.eq(0).logicalAnd(b!.ge(0)), 0, g!.mul(y).mul(a!.log())), ctx.inputShapes[1]!)
      : null;
    return [ga, gb];
  },
});
function minMaxGrad(op: 'maximum' | 'minimum') {
  registerGradient(op, {
    saveInputs: true,
    backward: (ctx, [g]) => {
      const [a, b] = ctx.inputs as Tensor[];
      // ties split the gradient in half, as PyTorch
      const half = where(a!.eq(b!), g!.div(2), g!);
      const aWins = op === 'maximum' ? a!.gt(b!) : a!.lt(b!);
      const bWins = op === 'maximum' ? a!.lt(b!) : a!.gt(b!);
      return [
        ctx.needsInputGrad[0] ? sumToShape(where(bWins, 0, half), ctx.inputShapes[0]!) : null,
        ctx.needsInputGrad[1] ? sumToShape(where(aWins, 0, half), ctx.inputShapes[1]!) : null,
      ];
    },
  });
}
minMaxGrad('maximum');
minMaxGrad('minimum');

registerGradient('where', {
  saveInputs: [0],
  nonDifferentiable: [0],
  backward: (ctx, [g]) => {
    const c = ctx.inputs[0]!;
    return [
      null,
      ctx.needsInputGrad[1] ? sumToShape(where(c, g!, 0), ctx.inputShapes[1]!) : null,
      ctx.needsInputGrad[2] ? sumToShape(where(c, 0, g!), ctx.inputShapes[2]!) : null,
    ];
  },
});
