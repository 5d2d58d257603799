import type { Func, Local } from '../emit/func.js';
import type { ModuleBuilder } from '../emit/module.js';

/**
 * Single-precision GEMM, C[M, N] (+)= A[M, K] B[K, N], in the blocked style of GotoBLAS:
 * B is packed into column panels NR wide and A into row panels MR tall (any strides, so
 * transposed operands cost nothing extra), K is cut into KC-deep slices that keep a B panel in
 * L1, and an MR x NR register tile accumulates in v128 locals.
 *
 * Exports (pointers and strides in bytes):
 * - `gemm(M, N, K, A, aRow, aCol, B, bRow, bCol, C, ldc, accumulate, bufA, bufB, tile, n0, n1)`:
 *   columns n0..n1 of C; `accumulate` adds to C instead of overwriting it (C may hold garbage
 *   otherwise); scratch sizes from `gemmScratch`.
 */
export interface GemmShape {
  mr: number;
  nr: number;
  kc: number;
  mc: number;
  nc: number;
}

/** 5 x 8: ten accumulators, two B vectors and an A splat fit x86's 16 vector registers (6 x 8 spills) */
export const GEMM_TILE: GemmShape = { mr: 5, nr: 8, kc: 256, mc: 120, nc: 2048 };

/** Scratch bytes `gemm` needs for packed A, packed B and the edge tile. */
export function gemmScratch(t: GemmShape, M: number, N: number, K: number): { a: number; b: number; tile: number } {
  const kc = Math.min(K, t.kc);
  return {
    a: kc * Math.ceil(Math.min(M, t.mc) / t.mr) * t.mr * 4,
    b: kc * Math.ceil(Math.min(N, t.nc) / t.nr) * t.nr * 4,
    tile: t.mr * t.nr * 4,
  };
}

/** Pack `len` lines (rows of A or columns of B) into panels `width` wide, zero-padded. */
function emitPack(mod: ModuleBuilder, name: string, width: number): void {
  // pack(src, lineStride, elemStride, lines, depth, dst): dst[p][k][w] = src[(p*width+w)*lineStride + k*elemStride]
  mod.func(name, ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], [], (f) => {
    const [src, ls, es, lines, depth, dst] = f.args(6);
    const p = f.local('i32');
    const k = f.local('i32');
    const w = f.local('i32');
    const line0 = f.local('i32');
    const ptr = f.local('i32');
    const out = f.local('i32');
    f.set(out, f.get(dst));
    f.for(
      p,
      () => f.i32(0),
      () => f.get(lines),
      width,
      () => {
        f.set(line0, f.i32Add(f.get(src), f.i32Mul(f.get(p), f.get(ls))));
        f.if(
          f.i32LeS(f.i32Add(f.get(p), f.i32(width)), f.get(lines)),
          () => {
            // a full panel
            f.if(
              f.i32Eq(f.get(ls), f.i32(4)),
              () => {
                // the panel's lines are adjacent elements: copy `width` floats per k with vector loads
                f.for(
                  k,
                  () => f.i32(0),
                  () => f.get(depth),
                  1,
                  () => {
                    f.set(ptr, f.i32Add(f.get(line0), f.i32Mul(f.get(k), f.get(es))));
                    let v = 0;
                    for (; v + 4 <= width; v += 4) f.v128Store(f.get(out), f.v128Load(f.get(ptr), v * 4), v * 4);
                    for (; v < width; v++) f.f32Store(f.get(out), f.f32Load(f.get(ptr), v * 4), v * 4);
                    f.inc(out, width * 4);
                  },
                );
              },
              () =>
                f.if(
                  f.i32Eq(f.get(es), f.i32(4)),
                  // each line is contiguous: transpose 4 x 4 blocks of (line, k) with shuffles
                  () => emitTransposePack(f, { line0, ls, depth, out, ptr, k }, width),
                  () => {
                    f.for(
                      k,
                      () => f.i32(0),
                      () => f.get(depth),
                      1,
                      () => {
                        f.set(ptr, f.i32Add(f.get(line0), f.i32Mul(f.get(k), f.get(es))));
                        for (let v = 0; v < width; v++) {
                          f.f32Store(f.get(out), f.f32Load(f.get(ptr)), v * 4);
                          if (v < width - 1) f.set(ptr, f.i32Add(f.get(ptr), f.get(ls)));
                        }
                        f.inc(out, width * 4);
                      },
                    );
                  },
                ),
            );
          },
          () => {
            // the last, partial panel: missing lines are zero
            f.for(
              k,
              () => f.i32(0),
              () => f.get(depth),
              1,
              () => {
                f.set(ptr, f.i32Add(f.get(line0), f.i32Mul(f.get(k), f.get(es))));
                f.for(
                  w,
                  () => f.i32(0),
                  () => f.i32(width),
                  1,
                  () => {
                    f.if(
                      f.i32LtS(f.i32Add(f.get(p), f.get(w)), f.get(lines)),
                      () => f.f32Store(f.get(out), f.f32Load(f.i32Add(f.get(ptr), f.i32Mul(f.get(w), f.get(ls))))),
                      () => f.f32Store(f.get(out), f.f32(0)),
                    );
                    f.inc(out, 4);
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

/** byte lanes of a float shuffle: floats i (from a) and 4 + i (from b) */
const lanesOf = (floats: readonly number[]) => floats.flatMap((x) => [4 * x, 4 * x + 1, 4 * x + 2, 4 * x + 3]);

/**
 * A full panel whose lines each hold contiguous elements: four k at a time, load 4 floats from
 * each line and transpose every group of four lines with shuffles, so the panel is written with
 * vector stores; lines past a multiple of four and the last k are copied one float at a time.
 */
function emitTransposePack(f: Func, v: { line0: Local; ls: Local; depth: Local; out: Local; ptr: Local; k: Local }, width: number): void {
  const rows = Array.from({ length: 4 }, () => f.local('v128'));
  const t = Array.from({ length: 4 }, () => f.local('v128'));
  const k4 = f.local('i32');
  const groups = Math.floor(width / 4);
  f.set(k4, f.i32And(f.get(v.depth), f.i32(~3)));
  f.for(
    v.k,
    () => f.i32(0),
    () => f.get(k4),
    4,
    () => {
      for (let gr = 0; gr < groups; gr++) {
        // rows[r] = line (4 gr + r), elements k..k+3
        for (let r = 0; r < 4; r++) {
          f.set(v.ptr, f.i32Add(f.i32Add(f.get(v.line0), f.i32Mul(f.i32(4 * gr + r), f.get(v.ls))), f.i32Mul(f.get(v.k), f.i32(4))));
          f.set(rows[r]!, f.v128Load(f.get(v.ptr)));
        }
        f.set(t[0]!, f.i8x16Shuffle(f.get(rows[0]!), f.get(rows[1]!), lanesOf([0, 4, 1, 5])));
        f.set(t[1]!, f.i8x16Shuffle(f.get(rows[0]!), f.get(rows[1]!), lanesOf([2, 6, 3, 7])));
        f.set(t[2]!, f.i8x16Shuffle(f.get(rows[2]!), f.get(rows[3]!), lanesOf([0, 4, 1, 5])));
        f.set(t[3]!, f.i8x16Shuffle(f.get(rows[2]!), f.get(rows[3]!), lanesOf([2, 6, 3, 7])));
        // k + j's row of the panel, lines 4 gr .. 4 gr + 3
        const put = (j: number, a: Local, b: Local, lo: boolean) =>
          f.v128Store(
            f.get(v.out),
            f.i8x16Shuffle(f.get(a), f.get(b), lanesOf(lo ? [0, 1, 4, 5] : [2, 3, 6, 7])),
            (j * width + 4 * gr) * 4,
          );
        put(0, t[0]!, t[2]!, true);
        put(1, t[0]!, t[2]!, false);
        put(2, t[1]!, t[3]!, true);
        put(3, t[1]!, t[3]!, false);
      }
      // lines past the groups of four
      for (let w = groups * 4; w < width; w++) {
        f.set(v.ptr, f.i32Add(f.i32Add(f.get(v.line0), f.i32Mul(f.i32(w), f.get(v.ls))), f.i32Mul(f.get(v.k), f.i32(4))));
        for (let j = 0; j < 4; j++) f.f32Store(f.get(v.out), f.f32Load(f.get(v.ptr), j * 4), (j * width + w) * 4);
      }
      f.inc(v.out, 4 * width * 4);
    },
  );
  // the last k (fewer than four)
  f.for(
    v.k,
    () => f.get(k4),
    () => f.get(v.depth),
    1,
    () => {
      for (let w = 0; w < width; w++) {
        f.set(v.ptr, f.i32Add(f.i32Add(f.get(v.line0), f.i32Mul(f.i32(w), f.get(v.ls))), f.i32Mul(f.get(v.k), f.i32(4))));
        f.f32Store(f.get(v.out), f.f32Load(f.get(v.ptr)), w * 4);
      }
      f.inc(v.out, width * 4);
    },
  );
}

/** micro(kc, pa, pb, c, ldc, accumulate): the MR x NR tile at c. */
function emitMicro(mod: ModuleBuilder, t: GemmShape, fma: boolean): void {
  const { mr, nr } = t;
  const nv = nr / 4;
  mod.func('micro', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], [], (f) => {
    const [kc, pa, pb, c, ldc, acc] = f.args(6);
    const k = f.local('i32');
    const accs: Local[][] = [];
    for (let i = 0; i < mr; i++) accs.push(Array.from({ length: nv }, () => f.local('v128')));
    const b = Array.from({ length: nv }, () => f.local('v128'));
    const a = f.local('v128');
    for (const row of accs) for (const r of row) f.set(r, f.f32x4Const(0));
    // one step of k: NR/4 vectors of B, MR broadcasts of A, MR * NR/4 multiply-adds
    const stepK = (at: number) => {
      for (let j = 0; j < nv; j++) f.set(b[j]!, f.v128Load(f.get(pb), at * nr * 4 + j * 16));
      for (let i = 0; i < mr; i++) {
        f.set(a, f.v128Load32Splat(f.get(pa), at * mr * 4 + i * 4));
        for (let j = 0; j < nv; j++)
          f.set(
            accs[i]![j]!,
            f.f32x4MulAdd(
              fma,
              () => f.get(a),
              () => f.get(b[j]!),
              () => f.get(accs[i]![j]!),
            ),
          );
      }
    };
    // two steps per trip halve the loop overhead; an odd last step follows
    const pairs = f.local('i32');
    f.set(pairs, f.i32And(f.get(kc), f.i32(~1)));
    f.for(
      k,
      () => f.i32(0),
      () => f.get(pairs),
      2,
      () => {
        stepK(0);
        stepK(1);
        f.inc(pa, 2 * mr * 4);
        f.inc(pb, 2 * nr * 4);
      },
    );
    f.if(f.i32And(f.get(kc), f.i32(1)), () => stepK(0));
    const row = f.local('i32');
    f.set(row, f.get(c));
    f.if(
      f.get(acc),
      () => storeTile(f, accs, row, ldc, true),
      () => storeTile(f, accs, row, ldc, false),
    );
  });
}

function storeTile(f: Func, accs: Local[][], row: Local, ldc: Local, accumulate: boolean): void {
  accs.forEach((r, i) => {
    r.forEach((v, j) => {
      if (accumulate) f.v128Store(f.get(row), f.f32x4Add(f.v128Load(f.get(row), j * 16), f.get(v)), j * 16);
      else f.v128Store(f.get(row), f.get(v), j * 16);
    });
    if (i < accs.length - 1) f.set(row, f.i32Add(f.get(row), f.get(ldc)));
  });
}

export function emitGemm(mod: ModuleBuilder, t: GemmShape, fma: boolean): void {
  emitGemmSmall(mod, fma);
  emitPack(mod, 'packA', t.mr);
  emitPack(mod, 'packB', t.nr);
  emitMicro(mod, t, fma);
  const packA = mod.indexOf('packA');
  const packB = mod.indexOf('packB');
  const micro = mod.indexOf('micro');
  const params = Array.from({ length: 17 }, () => 'i32' as const);
  mod.func('gemm', params, [], (f) => {
    const [M, , K, A, aRow, aCol, B, bRow, bCol, C, ldc, accumulate, bufA, bufB, tmp, n0, n1] = f.args(17);
    const jc = f.local('i32');
    const nc = f.local('i32');
    const pc = f.local('i32');
    const kc = f.local('i32');
    const ic = f.local('i32');
    const mc = f.local('i32');
    const jr = f.local('i32');
    const ir = f.local('i32');
    const acc = f.local('i32');
    const cTile = f.local('i32');
    const ii = f.local('i32');
    const jj = f.local('i32');
    const src = f.local('i32');
    const dst = f.local('i32');
    const rows = f.local('i32');
    const cols = f.local('i32');
    const min = (a: () => void, b: () => void) => {
      a();
      b();
      a();
      b();
      f.i32LtS();
      f.select();
    };
    // an edge tile is computed into `tmp` and added from there
    f.for(
      jc,
      () => f.get(n0),
      () => f.get(n1),
      t.nc,
      () => {
        min(
          () => f.i32(t.nc),
          () => f.i32Sub(f.get(n1), f.get(jc)),
        );
        f.set(nc);
        f.for(
          pc,
          () => f.i32(0),
          () => f.get(K),
          t.kc,
          () => {
            min(
              () => f.i32(t.kc),
              () => f.i32Sub(f.get(K), f.get(pc)),
            );
            f.set(kc);
            f.set(acc, f.i32Or(f.get(accumulate), f.i32GtS(f.get(pc), f.i32(0))));
            // B's columns jc.. as lines: line stride bCol, element (k) stride bRow
            f.call(
              packB,
              f.i32Add(f.get(B), f.i32Add(f.i32Mul(f.get(pc), f.get(bRow)), f.i32Mul(f.get(jc), f.get(bCol)))),
              f.get(bCol),
              f.get(bRow),
              f.get(nc),
              f.get(kc),
              f.get(bufB),
            );
            f.for(
              ic,
              () => f.i32(0),
              () => f.get(M),
              t.mc,
              () => {
                min(
                  () => f.i32(t.mc),
                  () => f.i32Sub(f.get(M), f.get(ic)),
                );
                f.set(mc);
                f.call(
                  packA,
                  f.i32Add(f.get(A), f.i32Add(f.i32Mul(f.get(ic), f.get(aRow)), f.i32Mul(f.get(pc), f.get(aCol)))),
                  f.get(aRow),
                  f.get(aCol),
                  f.get(mc),
                  f.get(kc),
                  f.get(bufA),
                );
                f.for(
                  jr,
                  () => f.i32(0),
                  () => f.get(nc),
                  t.nr,
                  () => {
                    f.for(
                      ir,
                      () => f.i32(0),
                      () => f.get(mc),
                      t.mr,
                      () => {
                        f.set(
                          cTile,
                          f.i32Add(
                            f.get(C),
                            f.i32Add(
                              f.i32Mul(f.i32Add(f.get(ic), f.get(ir)), f.get(ldc)),
                              f.i32Mul(f.i32Add(f.get(jc), f.get(jr)), f.i32(4)),
                            ),
                          ),
                        );
                        f.if(
                          f.i32And(
                            f.i32LeS(f.i32Add(f.get(ir), f.i32(t.mr)), f.get(mc)),
                            f.i32LeS(f.i32Add(f.get(jr), f.i32(t.nr)), f.get(nc)),
                          ),
                          () =>
                            f.call(micro, f.get(kc), panel(f, bufA, ir, kc), panel(f, bufB, jr, kc), f.get(cTile), f.get(ldc), f.get(acc)),
                          () => {
                            f.call(micro, f.get(kc), panel(f, bufA, ir, kc), panel(f, bufB, jr, kc), f.get(tmp), f.i32(t.nr * 4), f.i32(0));
                            min(
                              () => f.i32(t.mr),
                              () => f.i32Sub(f.get(mc), f.get(ir)),
                            );
                            f.set(rows);
                            min(
                              () => f.i32(t.nr),
                              () => f.i32Sub(f.get(nc), f.get(jr)),
                            );
                            f.set(cols);
                            f.for(
                              ii,
                              () => f.i32(0),
                              () => f.get(rows),
                              1,
                              () => {
                                f.for(
                                  jj,
                                  () => f.i32(0),
                                  () => f.get(cols),
                                  1,
                                  () => {
                                    f.set(
                                      src,
                                      f.i32Add(f.get(tmp), f.i32Mul(f.i32Add(f.i32Mul(f.get(ii), f.i32(t.nr)), f.get(jj)), f.i32(4))),
                                    );
                                    f.set(
                                      dst,
                                      f.i32Add(f.get(cTile), f.i32Add(f.i32Mul(f.get(ii), f.get(ldc)), f.i32Mul(f.get(jj), f.i32(4)))),
                                    );
                                    f.if(
                                      f.get(acc),
                                      () => f.f32Store(f.get(dst), f.f32Add(f.f32Load(f.get(dst)), f.f32Load(f.get(src)))),
                                      () => f.f32Store(f.get(dst), f.f32Load(f.get(src))),
                                    );
                                  },
                                );
                              },
                            );
                          },
                        );
                      },
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

/** Address of the packed panel that starts at line `at` (panels are `depth` deep). */
function panel(f: Func, buf: Local, at: Local, depth: Local) {
  return f.i32Add(f.get(buf), f.i32Mul(f.i32Mul(f.get(at), f.get(depth)), f.i32(4)));
}

/**
 * `small(M, N, K, A, aRow, aCol, B, bRow, C, ldc)`: C = A B for shapes where packing costs more
 * than it saves (a row vector times a matrix, an outer product, tiny matrices). B's rows must be
 * contiguous; C's rows are built with vector multiply-adds along them.
 */
export function emitGemmSmall(mod: ModuleBuilder, fma: boolean): void {
  mod.func(
    'small',
    Array.from({ length: 10 }, () => 'i32' as const),
    [],
    (f) => {
      const [M, N, K, A, aRow, aCol, B, bRow, C, ldc] = f.args(10);
      const i = f.local('i32');
      const k = f.local('i32');
      const j = f.local('i32');
      const c = f.local('i32');
      const b = f.local('i32');
      const a = f.local('v128');
      const vec4 = f.local('i32');
      f.set(vec4, f.i32And(f.get(N), f.i32(~3)));
      f.for(
        i,
        () => f.i32(0),
        () => f.get(M),
        1,
        () => {
          f.set(c, f.i32Add(f.get(C), f.i32Mul(f.get(i), f.get(ldc))));
          // zero the row inline (memory.fill is a call, costly for short rows)
          f.for(
            j,
            () => f.i32(0),
            () => f.get(vec4),
            4,
            () => f.v128Store(f.i32Add(f.get(c), f.i32Mul(f.get(j), f.i32(4))), f.f32x4Const(0)),
          );
          f.for(
            j,
            () => f.get(vec4),
            () => f.get(N),
            1,
            () => f.f32Store(f.i32Add(f.get(c), f.i32Mul(f.get(j), f.i32(4))), f.f32(0)),
          );
          f.for(
            k,
            () => f.i32(0),
            () => f.get(K),
            1,
            () => {
              f.set(a, f.v128Load32Splat(f.i32Add(f.get(A), f.i32Add(f.i32Mul(f.get(i), f.get(aRow)), f.i32Mul(f.get(k), f.get(aCol))))));
              f.set(b, f.i32Add(f.get(B), f.i32Mul(f.get(k), f.get(bRow))));
              f.for(
                j,
                () => f.i32(0),
                () => f.get(vec4),
                4,
                () => {
                  const cj = () => f.i32Add(f.get(c), f.i32Mul(f.get(j), f.i32(4)));
                  const bj = () => f.i32Add(f.get(b), f.i32Mul(f.get(j), f.i32(4)));
                  f.v128Store(
                    cj(),
                    f.f32x4MulAdd(
                      fma,
                      () => f.get(a),
                      () => f.v128Load(bj()),
                      () => f.v128Load(cj()),
                    ),
                  );
                },
              );
              f.for(
                j,
                () => f.get(vec4),
                () => f.get(N),
                1,
                () => {
                  const cj = () => f.i32Add(f.get(c), f.i32Mul(f.get(j), f.i32(4)));
                  f.f32Store(
                    cj(),
                    f.f32Add(
                      f.f32Load(cj()),
                      f.f32Mul(f.f32x4ExtractLane(f.get(a), 0), f.f32Load(f.i32Add(f.get(b), f.i32Mul(f.get(j), f.i32(4))))),
                    ),
                  );
                },
              );
            },
          );
        },
      );
    },
  );
}
