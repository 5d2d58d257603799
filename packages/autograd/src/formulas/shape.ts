import { arange, zeros } from '@torchlet/tensor';
import { registerGradient } from '../registry.js';
import { sumToShape } from './util.js';

registerGradient('view', { backward: (ctx, [g]) => [g!.reshape(ctx.attrs.shape)] });
registerGradient('permute', {
  backward: (ctx, [g]) => {
    const inv: number[] = [];
    ctx.attrs.dims.forEach((d, i) => {
      inv[d] = i;
    });
    return [g!.permute(inv)];
  },
});
registerGradient('expand', { backward: (ctx, [g]) => [sumToShape(g!, ctx.attrs.shape)] });
registerGradient('slice', {
  backward: (ctx, [g]) => {
    const { dim, start, step, length, inputShape } = ctx.attrs;
    const idx = arange(start, start + length * step, step, { device: g!.device });
    return [zeros(inputShape, { dtype: g!.dtype, device: g!.device }).indexAdd(dim, idx, g!)];
  },
});
registerGradient('cat', {
  backward: (ctx, [g]) => {
    let start = 0;
    return ctx.attrs.sizes.map((s) => {
      const piece = g!.narrow(ctx.attrs.dim, start, s);
      start += s;
      return piece;
    });
  },
});
