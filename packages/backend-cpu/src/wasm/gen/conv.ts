import type { ModuleBuilder } from '../emit/module.js';
import { emitIm2col, geometryKey, type ConvGeometry } from './im2col.js';

/** A whole conv2d layer's shape: the group geometry plus channel counts. */
export interface ConvLayer extends ConvGeometry {
  /** input channels (all groups) */
  Cin: number;
  /** output channels (all groups) */
  O: number;
  groups: number;
}

export const layerKey = (l: ConvLayer) => `${geometryKey(l)};${l.Cin},${l.O},${l.groups}`;

const GEMM_PARAMS = Array.from({ length: 17 }, () => 'i32' as const);

/**
 * Per-image drivers of a conv2d layer, over images n0..n1 (so threads can take ranges), built
 * from the layer's im2col/col2im and the imported gemm (pointers in bytes):
 * - `forward(n0, n1, X, W, Y, cols, bufA, bufB, tile)`: Y[n, g] = W[g] im2col(X[n, g])
 * - `backwardInput(n0, n1, GY, W, DX, cols, bufA, bufB, tile)`: DX[n, g] += col2im(W[g]^T GY[n, g]);
 *   DX must be zeroed first
 * - `backwardFilter(n0, n1, X, GY, DW, cols, bufA, bufB, tile)`: DW = sum over n of
 *   GY[n, g] im2col(X[n, g])^T (overwritten by the first image)
 */
export function emitConvLayer(mod: ModuleBuilder, l: ConvLayer): void {
  const gemm = mod.importFunc('gemm', [...GEMM_PARAMS], []);
  emitIm2col(mod, l);
  const im2col = mod.indexOf('im2col');
  const col2im = mod.indexOf('col2im');
  const Cg = l.C;
  const Og = l.O / l.groups;
  const K = Cg * l.kh * l.kw;
  const P = l.OH * l.OW;
  const HW = l.H * l.W;
  const params = Array.from({ length: 9 }, () => 'i32' as const);
  const body = (kind: 'forward' | 'backwardInput' | 'backwardFilter') =>
    mod.func(kind, [...params], [], (f) => {
      const [n0, n1, a, b, c, cols, bufA, bufB, tile] = params.map((_, i) => f.param(i));
      const n = f.local('i32');
      const g = f.local('i32');
      const img = f.local('i32');
      const grad = f.local('i32');
      const acc = f.local('i32');
      f.for(n, () => f.get(n0), () => f.get(n1), 1, () => {
        f.for(g, () => f.i32(0), () => f.i32(l.groups), 1, () => {
          // this image's group: input channels (n*Cin + g*Cg), output channels (n*O + g*Og)
          const inPlane = () => f.i32Mul(f.i32Add(f.i32Mul(f.get(n), f.i32(l.Cin)), f.i32Mul(f.get(g), f.i32(Cg))), f.i32(HW * 4));
          const outPlane = () => f.i32Mul(f.i32Add(f.i32Mul(f.get(n), f.i32(l.O)), f.i32Mul(f.get(g), f.i32(Og))), f.i32(P * 4));
          const wGroup = () => f.i32Mul(f.get(g), f.i32(Og * K * 4));
          if (kind === 'forward') {
            // a = X, b = W, c = Y
            f.set(img, f.i32Add(f.get(a), inPlane()));
            f.call(im2col, f.get(img), f.get(cols));
            f.call(gemm, f.i32(Og), f.i32(P), f.i32(K), f.i32Add(f.get(b), wGroup()), f.i32(K * 4), f.i32(4), f.get(cols), f.i32(P * 4), f.i32(4),
              f.i32Add(f.get(c), outPlane()), f.i32(P * 4), f.i32(0), f.get(bufA), f.get(bufB), f.get(tile), f.i32(0), f.i32(P));
          } else if (kind === 'backwardInput') {
            // a = GY, b = W, c = DX: cols = W[g]^T (K x Og) GY[n, g] (Og x P)
            f.set(grad, f.i32Add(f.get(a), outPlane()));
            f.call(gemm, f.i32(K), f.i32(P), f.i32(Og), f.i32Add(f.get(b), wGroup()), f.i32(4), f.i32(K * 4), f.get(grad), f.i32(P * 4), f.i32(4),
              f.get(cols), f.i32(P * 4), f.i32(0), f.get(bufA), f.get(bufB), f.get(tile), f.i32(0), f.i32(P));
            f.call(col2im, f.get(cols), f.i32Add(f.get(c), inPlane()));
          } else {
            // a = X, b = GY, c = DW: DW[g] (+)= GY[n, g] (Og x P) cols^T (P x K)
            f.set(img, f.i32Add(f.get(a), inPlane()));
            f.call(im2col, f.get(img), f.get(cols));
            f.set(acc, f.i32GtS(f.get(n), f.get(n0)));
            f.call(gemm, f.i32(Og), f.i32(K), f.i32(P), f.i32Add(f.get(b), outPlane()), f.i32(P * 4), f.i32(4), f.get(cols), f.i32(4), f.i32(P * 4),
              f.i32Add(f.get(c), wGroup()), f.i32(K * 4), f.get(acc), f.get(bufA), f.get(bufB), f.get(tile), f.i32(0), f.i32(K));
          }
        });
      });
    });
  body('forward');
  body('backwardInput');
  body('backwardFilter');
}
