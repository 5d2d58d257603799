/**
 * C[M, N] (+)= A[M, K] * B[K, N] on row-major Float64Arrays with leading dimensions, i-k-j
 * order so the innermost loop streams rows of B and C.
 */
export function gemm(
  M: number,
  N: number,
  K: number,
  A: Float64Array,
  aOff: number,
  lda: number,
  B: Float64Array,
  bOff: number,
  ldb: number,
  C: Float64Array,
  cOff: number,
  ldc: number,
): void {
  for (let i = 0; i < M; i++) {
    const ci = cOff + i * ldc;
    const ai = aOff + i * lda;
    for (let k = 0; k < K; k++) {
      const av = A[ai + k]!;
      const bk = bOff + k * ldb;
      for (let j = 0; j < N; j++) C[ci + j]! += av * B[bk + j]!;
    }
  }
}

/** C[M, N] += A[M, K] * B[N, K]^T (dot products of rows). */
export function gemmNT(
  M: number,
  N: number,
  K: number,
  A: Float64Array,
  aOff: number,
  lda: number,
  B: Float64Array,
  bOff: number,
  ldb: number,
  C: Float64Array,
  cOff: number,
  ldc: number,
): void {
  for (let i = 0; i < M; i++) {
    const ai = aOff + i * lda;
    for (let j = 0; j < N; j++) {
      const bj = bOff + j * ldb;
      let acc = 0;
      for (let k = 0; k < K; k++) acc += A[ai + k]! * B[bj + k]!;
      C[cOff + i * ldc + j]! += acc;
    }
  }
}

/** C[M, N] += A[K, M]^T * B[K, N]. */
export function gemmTN(
  M: number,
  N: number,
  K: number,
  A: Float64Array,
  aOff: number,
  lda: number,
  B: Float64Array,
  bOff: number,
  ldb: number,
  C: Float64Array,
  cOff: number,
  ldc: number,
): void {
  for (let k = 0; k < K; k++) {
    const ak = aOff + k * lda;
    const bk = bOff + k * ldb;
    for (let i = 0; i < M; i++) {
      const av = A[ak + i]!;
      const ci = cOff + i * ldc;
      for (let j = 0; j < N; j++) C[ci + j]! += av * B[bk + j]!;
    }
  }
}
