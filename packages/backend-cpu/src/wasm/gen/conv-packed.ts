import type { Func, Local } from '../emit/func.js';
import type { ModuleBuilder } from '../emit/module.js';
import type { GemmShape } from './gemm.js';
import type { ConvLayer } from './conv.js';

/**
 * conv2d forward without a column matrix: each image's patches are gathered straight into the
 * gemm's packed B layout (panels of NR output positions, K = Cg*kh*kw deep), and the weight is
 * packed once per call, so every image costs one gather pass and the register-tiled
 * microkernel. Used when a whole K fits the caches (K <= PACKED_MAX_K).
 *
 * - `im2colPacked(img, panels)`: panel j, row k = (c, ki, kj), lane l holds the input under
 *   kernel position k for output position j*NR + l (0 past the end or in the padding).
 * - `forwardPacked(n0, n1, X, packedW, Y, panels, tile)`: images n0..n1, every group; packedW
 *   holds each group's weight packed in MR-row panels (gemm's packA), Og rows padded to MR.
 */
export const PACKED_MAX_K = 1024;

export function emitConvPacked(mod: ModuleBuilder, l: ConvLayer, t: GemmShape): void {
  const micro = mod.importFunc('micro', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], []);
  const { nr, mr } = t;
  const Cg = l.C;
  const Og = l.O / l.groups;
  const K = Cg * l.kh * l.kw;
  const P = l.OH * l.OW;
  const panels = Math.ceil(P / nr);
  const rowPanels = Math.ceil(Og / mr);
  const HW = l.H * l.W;
  // every panel's NR positions lie in one output row: then a panel row is one strided run
  const rowAligned = l.OW % nr === 0;

  mod.func('im2colPacked', ['i32', 'i32'], [], (f) => {
    const [img, out] = [f.param(0), f.param(1)];
    const j = f.local('i32');
    const c = f.local('i32');
    const oh = f.local('i32');
    const ow0 = f.local('i32');
    const ih = f.local('i32');
    const iw = f.local('i32');
    const src = f.local('i32');
    const dst = f.local('i32');
    const plane = f.local('i32');
    const lane = f.local('i32');
    const p = f.local('i32');
    f.set(dst, f.get(out));
    f.for(
      j,
      () => f.i32(0),
      () => f.i32(panels),
      1,
      () => {
        f.set(oh, f.i32DivS(f.i32Mul(f.get(j), f.i32(nr)), f.i32(l.OW)));
        f.set(ow0, f.i32RemS(f.i32Mul(f.get(j), f.i32(nr)), f.i32(l.OW)));
        f.for(
          c,
          () => f.i32(0),
          () => f.i32(Cg),
          1,
          () => {
            f.set(plane, f.i32Add(f.get(img), f.i32Mul(f.get(c), f.i32(HW * 4))));
            for (let ki = 0; ki < l.kh; ki++) {
              for (let kj = 0; kj < l.kw; kj++) {
                f.set(ih, f.i32Add(f.i32Mul(f.get(oh), f.i32(l.sh)), f.i32(ki * l.dh - l.ph)));
                f.set(iw, f.i32Add(f.i32Mul(f.get(ow0), f.i32(l.sw)), f.i32(kj * l.dw - l.pw)));
                const slow = () => gatherLanes(f, { plane, dst, ih, iw, lane, p, j, src }, l, ki, kj, nr, P);
                if (rowAligned && l.sw === 1) {
                  // all NR inputs in range: two vector loads of consecutive pixels
                  f.if(
                    f.i32And(
                      f.i32LtU(f.get(ih), f.i32(l.H)),
                      f.i32And(f.i32GeS(f.get(iw), f.i32(0)), f.i32LeS(f.get(iw), f.i32(l.W - nr))),
                    ),
                    () => {
                      f.set(src, f.i32Add(f.get(plane), f.i32Mul(f.i32Add(f.i32Mul(f.get(ih), f.i32(l.W)), f.get(iw)), f.i32(4))));
                      for (let v = 0; v < nr; v += 4) f.v128Store(f.get(dst), f.v128Load(f.get(src), v * 4), v * 4);
                    },
                    slow,
                  );
                } else slow();
                f.inc(dst, nr * 4);
              }
            }
          },
        );
      },
    );
  });

  const im2colPacked = mod.indexOf('im2colPacked');
  mod.func('forwardPacked', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], [], (f) => {
    const [n0, n1, X, W, Y, pan, tile] = f.args(7);
    const n = f.local('i32');
    const g = f.local('i32');
    const j = f.local('i32');
    const i = f.local('i32');
    const y = f.local('i32');
    const w = f.local('i32');
    const b = f.local('i32');
    const ii = f.local('i32');
    const jj = f.local('i32');
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
            f.call(
              im2colPacked,
              f.i32Add(f.get(X), f.i32Mul(f.i32Add(f.i32Mul(f.get(n), f.i32(l.Cin)), f.i32Mul(f.get(g), f.i32(Cg))), f.i32(HW * 4))),
              f.get(pan),
            );
            f.for(
              j,
              () => f.i32(0),
              () => f.i32(panels),
              1,
              () => {
                f.set(b, f.i32Add(f.get(pan), f.i32Mul(f.get(j), f.i32(K * nr * 4))));
                f.for(
                  i,
                  () => f.i32(0),
                  () => f.i32(rowPanels),
                  1,
                  () => {
                    f.set(w, f.i32Add(f.get(W), f.i32Mul(f.i32Add(f.i32Mul(f.get(g), f.i32(rowPanels)), f.get(i)), f.i32(mr * K * 4))));
                    // output rows (n*O + g*Og + i*MR ...), columns j*NR ...
                    f.set(
                      y,
                      f.i32Add(
                        f.get(Y),
                        f.i32Mul(
                          f.i32Add(
                            f.i32Mul(
                              f.i32Add(
                                f.i32Mul(f.get(n), f.i32(l.O)),
                                f.i32Add(f.i32Mul(f.get(g), f.i32(Og)), f.i32Mul(f.get(i), f.i32(mr))),
                              ),
                              f.i32(P),
                            ),
                            f.i32Mul(f.get(j), f.i32(nr)),
                          ),
                          f.i32(4),
                        ),
                      ),
                    );
                    const fullRows = Og % mr === 0;
                    const fullCols = P % nr === 0;
                    const full = () => f.call(micro, f.i32(K), f.get(w), f.get(b), f.get(y), f.i32(P * 4), f.i32(0));
                    const edge = () => {
                      f.call(micro, f.i32(K), f.get(w), f.get(b), f.get(tile), f.i32(nr * 4), f.i32(0));
                      copyTile(
                        f,
                        { tile, y, ii, jj },
                        () => f.i32Sub(f.i32(Og), f.i32Mul(f.get(i), f.i32(mr))),
                        () => f.i32Sub(f.i32(P), f.i32Mul(f.get(j), f.i32(nr))),
                        mr,
                        nr,
                        P,
                      );
                    };
                    if (fullRows && fullCols) full();
                    else
                      f.if(
                        f.i32And(
                          fullRows ? f.i32(1) : f.i32LtS(f.get(i), f.i32(rowPanels - 1)),
                          fullCols ? f.i32(1) : f.i32LtS(f.get(j), f.i32(panels - 1)),
                        ),
                        full,
                        edge,
                      );
                  },
                );
              },
            );
          },
        );
      },
    );
  });
}

/** One lane at a time, with bounds checks (panels crossing rows, strides, padding). */
function gatherLanes(
  f: Func,
  v: { plane: Local; dst: Local; ih: Local; iw: Local; lane: Local; p: Local; j: Local; src: Local },
  l: ConvLayer,
  ki: number,
  kj: number,
  nr: number,
  P: number,
): void {
  f.for(
    v.lane,
    () => f.i32(0),
    () => f.i32(nr),
    1,
    () => {
      f.set(v.p, f.i32Add(f.i32Mul(f.get(v.j), f.i32(nr)), f.get(v.lane)));
      f.set(v.ih, f.i32Add(f.i32Mul(f.i32DivS(f.get(v.p), f.i32(l.OW)), f.i32(l.sh)), f.i32(ki * l.dh - l.ph)));
      f.set(v.iw, f.i32Add(f.i32Mul(f.i32RemS(f.get(v.p), f.i32(l.OW)), f.i32(l.sw)), f.i32(kj * l.dw - l.pw)));
      f.set(v.src, f.i32Add(f.get(v.dst), f.i32Mul(f.get(v.lane), f.i32(4))));
      f.if(
        f.i32And(f.i32LtS(f.get(v.p), f.i32(P)), f.i32And(f.i32LtU(f.get(v.ih), f.i32(l.H)), f.i32LtU(f.get(v.iw), f.i32(l.W)))),
        () =>
          f.f32Store(
            f.get(v.src),
            f.f32Load(f.i32Add(f.get(v.plane), f.i32Mul(f.i32Add(f.i32Mul(f.get(v.ih), f.i32(l.W)), f.get(v.iw)), f.i32(4)))),
          ),
        () => f.f32Store(f.get(v.src), f.f32(0)),
      );
    },
  );
}

/** The valid rows x cols of an MR x NR tile into C (row stride P floats). */
function copyTile(
  f: Func,
  v: { tile: Local; y: Local; ii: Local; jj: Local },
  rows: () => void,
  cols: () => void,
  mr: number,
  nr: number,
  P: number,
): void {
  const r = f.local('i32');
  const c = f.local('i32');
  f.set(r, f.i32(mr));
  rows();
  f.set(v.ii); // reuse ii as the row limit
  f.set(r, f.select(f.get(v.ii), f.get(r), f.i32LtS(f.get(v.ii), f.get(r))));
  f.set(c, f.i32(nr));
  cols();
  f.set(v.jj);
  f.set(c, f.select(f.get(v.jj), f.get(c), f.i32LtS(f.get(v.jj), f.get(c))));
  f.for(
    v.ii,
    () => f.i32(0),
    () => f.get(r),
    1,
    () => {
      f.for(
        v.jj,
        () => f.i32(0),
        () => f.get(c),
        1,
        () => {
          f.f32Store(
            f.i32Add(f.get(v.y), f.i32Mul(f.i32Add(f.i32Mul(f.get(v.ii), f.i32(P)), f.get(v.jj)), f.i32(4))),
            f.f32Load(f.i32Add(f.get(v.tile), f.i32Mul(f.i32Add(f.i32Mul(f.get(v.ii), f.i32(nr)), f.get(v.jj)), f.i32(4)))),
          );
        },
      );
    },
  );
}
