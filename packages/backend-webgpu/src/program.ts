/// <reference types="@webgpu/types" />
import type { DataId, DType, TypedArray } from '@torchlet/tensor/backend';
import type { LazyOp } from './fusion.js';

/** One device allocation: what a `DataId` of this backend points at. */
export class GpuData {
  /** id of the last command batch that used the buffer (it goes back to the pool only after that batch is submitted) */
  batch = 0;
  /** True once no tensor uses the allocation any more. */
  freed = false;
  /**
   * A host copy of small integer uploads (index tensors made from JS arrays), kept while the
   * device copy is unchanged, so index kernels can check bounds synchronously as the CPU does.
   */
  host?: TypedArray;
  /** with fusion on: the pending elementwise op that computes this allocation (see fusion.ts) */
  lazy: LazyOp | null = null;
  /** pending ops that read this allocation; it goes back to the pool only when none is left */
  users = 0;
  /** those pending ops (a write into this allocation computes them first) */
  dependents: Set<GpuData> | null = null;
  /** the stored 32-bit word of a one-element upload while unchanged (fused kernels take it as a parameter) */
  scalar?: number;
  /** that upload has not been written to the buffer yet (it is, before any command uses the buffer) */
  uploadPending = false;
  constructor(
    /** The GPU buffer holding the values (4 bytes per element, whatever the dtype). */
    readonly buffer: GPUBuffer,
    /** Number of elements. */
    readonly numel: number,
    /** The tensor dtype of the values. */
    readonly dtype: DType,
  ) {}
  /** bytes this allocation holds on the device (4 per element, whatever the dtype) */
  get bytes(): number {
    return this.numel * 4;
  }
}

export function gpuData(id: DataId): GpuData {
  return id as GpuData;
}

/** A compute dispatch: generated WGSL, its i32 parameters and the buffers it binds, in binding order. */
export interface Program {
  /** the op it computes, for pipeline labels and error messages */
  op: string;
  /** the WGSL source, or a function making it (called only when `key` is not cached yet) */
  code: string | (() => string);
  /** a short string that identifies the shader (default: the code); pipelines are cached by it */
  key?: string;
  /** prm (binding 0): i32 words; floats as their bit patterns */
  params: ArrayLike<number>;
  /** bindings 1..n, in the order the shader declares them */
  buffers: GpuData[];
  /** the shader declares the device error-flag array after its buffers */
  errors?: boolean;
  /** workgroups to run, linear (split into a 2-D grid when over the per-dimension limit) */
  groups: number;
  /** a third grid dimension (batches of matmul) */
  groupsZ?: number;
}
