import type { Tensor } from '@torchlet/tensor';
import { where } from '@torchlet/tensor';
import { registerGradient } from '../registry.js';
import { unreduce } from './util.js';

registerGradient('sum', {
  backward: (ctx, [g]) => [unreduce(g!, ctx.attrs.dims, ctx.attrs.keepdim, ctx.inputShapes[0]!)],
});

registerGradient('prod', {
  saveInputs: true,
  saveOutputs: true,
  backward: (ctx, [g]) => {
    const { dims, keepdim } = ctx.attrs;
    const shape = ctx.inputShapes[0]!;
    const x = ctx.inputs[0]!;
    const gx = unreduce(g!, dims, keepdim, shape);
    const isZero = x.eq(0);
    const zeros = unreduce(isZero.int().sum(dims, { keepdim }), dims, keepdim, shape);
    // product of the other elements: out / x without zeros; with one zero, the product of the non-zeros at it
    const out = unreduce(ctx.outputs[0]!, dims, keepdim, shape);
    const nonZeroProd = unreduce(where(isZero, 1, x).prod(dims.length === 1 ? dims[0] : null, { keepdim }), dims, keepdim, shape);
    const others = where(zeros.eq(0), out.div(where(isZero, 1, x)), where(zeros.eq(1).logicalAnd(isZero), nonZeroProd, 0));
    return [gx.mul(others)];
  },
});

/** amax/amin and full max()/min(): the gradient is shared evenly among tied extrema. */
function extremumGrad(op: 'max' | 'min') {
  registerGradient(op, {
    saveInputs: true,
    saveOutputs: true,
    backward: (ctx, [g]) => {
      const { dims, keepdim } = ctx.attrs;
      const shape = ctx.inputShapes[0]!;
      const x = ctx.inputs[0] as Tensor;
      const mask = x.eq(unreduce(ctx.outputs[0]!, dims, keepdim, shape));
      const count = mask.sum(dims, { keepdim: true });
      return [unreduce(g!, dims, keepdim, shape).mul(mask).div(count)];
    },
  });
}
extremumGrad('max');
extremumGrad('min');
