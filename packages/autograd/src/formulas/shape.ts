import { arange, zeros } from '@torchlet/tensor';
import { registerGradient } from '../registry.js';
import { sumToShape } from './util.js';

registerGradient<{ shape: number[] }>('view', { backward: (ctx, [g]) => [g!.reshape(ctx.attrs.shape)] });
registerGradient<{ dims: number[] }>('permute', {
  backward: (ctx, [g]) => {
    const inv: number[] = [];
    ctx.attrs.dims.forEach((d, i) => (inv[d] = i));
    return [g!.permute(inv)];
  },
});
registerGradient<{ shape: number[] }>('expand', { backward: (ctx, [g]) => [sumToShape(g!, ctx.attrs.shape)] });
registerGradient<{ dim: number; start: number; step: number; length: number; inputShape: number[] }>('slice', {
  backward: (ctx, [g]) => {
    const { dim, start, step, length, inputShape } = ctx.attrs;
    const idx = arange(start, start + length * step, step, { device: g!.device });
    return [zeros(inputShape, { dtype: g!.dtype, device: g!.device }).indexAdd(dim, idx, g!)];
  },
});
registerGradient<{ dim: number; sizes: number[] }>('cat', {
  backward: (ctx, [g]) => {
    let start = 0;
    return ctx.attrs.sizes.map((s) => {
      const piece = g!.narrow(ctx.attrs.dim, start, s);
      start += s;
      return piece;
    });
  },
});
