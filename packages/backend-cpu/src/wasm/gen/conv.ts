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
 * Drivers of a conv2d layer over images n0..n1 (so threads can take ranges), built from the
 * layer's im2col/col2im and the imported gemm. All pointers in bytes; `wide` is a column
 * matrix [K, N*P] holding every image's patches side by side (image n in columns n*P..).
 *
 * - `forward(n0, n1, X, W, Y, cols, bufA, bufB, tile)`: Y[n, g] = W[g] im2col(X[n, g]), per
 *   image (the generic path; see conv-packed.ts for the usual one)
 * - `backwardInput(n0, n1, GY, W, DX, wide, gyT, bufA, bufB, tile)`: the images' output
 *   gradients side by side (gyT, [Og, N*P] per group), one gemm W[g]^T gyT (K x Og x (n1-n0)P)
 *   into `wide`, then col2im of each image's columns into DX (which must be zeroed first)
 * - `backwardFilter(n0, n1, X, GY, DW, wide, gyT, bufA, bufB, tile)`: the images' patches side
 *   by side in `wide`, one gemm gyT (Og x (n1-n0)P) wide^T into DW (overwritten)
 * Batching the images into one gemm per group keeps the microkernel's depth long and packs each
 * operand once, where one gemm per image would repeat the packing and the tile set-up.
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

  mod.func(
    'forward',
    Array.from({ length: 9 }, () => 'i32' as const),
    [],
    (f) => {
      const [n0, n1, X, W, Y, cols, bufA, bufB, tile] = f.args(9);
      const n = f.local('i32');
      const g = f.local('i32');
      f.for(
        n,
        () => f.get(n0),
        () => f.get(n1),
        1,
        () => {
          f.for(
            g,
            () => f.i32(0),
            () => f.i32(l.groups),
            1,
            () => {
              const inPlane = f.i32Mul(f.i32Add(f.i32Mul(f.get(n), f.i32(l.Cin)), f.i32Mul(f.get(g), f.i32(Cg))), f.i32(HW * 4));
              f.call(im2col, f.i32Add(f.get(X), inPlane), f.get(cols), f.i32(P * 4));
              f.call(
                gemm,
                f.i32(Og),
                f.i32(P),
                f.i32(K),
                f.i32Add(f.get(W), f.i32Mul(f.get(g), f.i32(Og * K * 4))),
                f.i32(K * 4),
                f.i32(4),
                f.get(cols),
                f.i32(P * 4),
                f.i32(4),
                f.i32Add(f.get(Y), f.i32Mul(f.i32Add(f.i32Mul(f.get(n), f.i32(l.O)), f.i32Mul(f.get(g), f.i32(Og))), f.i32(P * 4))),
                f.i32(P * 4),
                f.i32(0),
                f.get(bufA),
                f.get(bufB),
                f.get(tile),
                f.i32(0),
                f.i32(P),
              );
            },
          );
        },
      );
    },
  );

  for (const kind of ['backwardInput', 'backwardFilter'] as const) {
    mod.func(
      kind,
      Array.from({ length: 10 }, () => 'i32' as const),
      [],
      (f) => {
        const [n0, n1, a, W, c, wide, gyT, bufA, bufB, tile] = f.args(10);
        const n = f.local('i32');
        const g = f.local('i32');
        const o = f.local('i32');
        const cnt = f.local('i32');
        const ld = f.local('i32');
        // the wide matrices hold this range's images only: (n1 - n0) * P columns
        f.set(cnt, f.i32Mul(f.i32Sub(f.get(n1), f.get(n0)), f.i32(P)));
        f.set(ld, f.i32Mul(f.get(cnt), f.i32(4)));
        const gy = kind === 'backwardInput' ? a : W; // GY is `a` for dX, the second argument for dW
        f.for(
          g,
          () => f.i32(0),
          () => f.i32(l.groups),
          1,
          () => {
            // gyT[o, (n - n0) P + p] = GY[n, g*Og + o, p]
            f.for(
              n,
              () => f.get(n0),
              () => f.get(n1),
              1,
              () => {
                f.for(
                  o,
                  () => f.i32(0),
                  () => f.i32(Og),
                  1,
                  () => {
                    f.memoryCopy(
                      f.i32Add(f.get(gyT), f.i32Add(f.i32Mul(f.get(o), f.get(ld)), f.i32Mul(f.i32Sub(f.get(n), f.get(n0)), f.i32(P * 4)))),
                      f.i32Add(
                        f.get(gy),
                        f.i32Mul(f.i32Add(f.i32Add(f.i32Mul(f.get(n), f.i32(l.O)), f.i32Mul(f.get(g), f.i32(Og))), f.get(o)), f.i32(P * 4)),
                      ),
                      f.i32(P * 4),
                    );
                  },
                );
              },
            );
            const inPlane = () => f.i32Mul(f.i32Add(f.i32Mul(f.get(n), f.i32(l.Cin)), f.i32Mul(f.get(g), f.i32(Cg))), f.i32(HW * 4));
            const wideCol = () => f.i32Add(f.get(wide), f.i32Mul(f.i32Sub(f.get(n), f.get(n0)), f.i32(P * 4)));
            const wGroup = () => f.i32Add(f.get(W), f.i32Mul(f.get(g), f.i32(Og * K * 4)));
            if (kind === 'backwardInput') {
              // wide (K x cnt) = W[g]^T (K x Og) gyT (Og x cnt); c = DX
              f.call(
                gemm,
                f.i32(K),
                f.get(cnt),
                f.i32(Og),
                wGroup(),
                f.i32(4),
                f.i32(K * 4),
                f.get(gyT),
                f.get(ld),
                f.i32(4),
                f.get(wide),
                f.get(ld),
                f.i32(0),
                f.get(bufA),
                f.get(bufB),
                f.get(tile),
                f.i32(0),
                f.get(cnt),
              );
              f.for(
                n,
                () => f.get(n0),
                () => f.get(n1),
                1,
                () => {
                  f.call(col2im, wideCol(), f.i32Add(f.get(c), inPlane()), f.get(ld));
                },
              );
            } else {
              // `a` = X, `W` = GY, c = DW: DW[g] (Og x K) = gyT (Og x cnt) wide^T (cnt x K)
              f.for(
                n,
                () => f.get(n0),
                () => f.get(n1),
                1,
                () => {
                  f.call(im2col, f.i32Add(f.get(a), inPlane()), wideCol(), f.get(ld));
                },
              );
              f.call(
                gemm,
                f.i32(Og),
                f.i32(K),
                f.get(cnt),
                f.get(gyT),
                f.get(ld),
                f.i32(4),
                f.get(wide),
                f.i32(4),
                f.get(ld),
                f.i32Add(f.get(c), f.i32Mul(f.get(g), f.i32(Og * K * 4))),
                f.i32(K * 4),
                f.i32(0),
                f.get(bufA),
                f.get(bufB),
                f.get(tile),
                f.i32(0),
                f.i32(K),
              );
            }
          },
        );
      },
    );
  }
}
