/**
 * A backend written from scratch, the worked example of "plug in a custom backend":
 * - its own storage (host typed arrays, tracked with its own byte counter);
 * - its own kernels for `matmul` and `relu`, reading strided inputs through TensorInfo;
 * - every other kernel delegated to @torchlet/backend-cpu's implementation, explicitly: its own
 *   kernels are a declared subset (`PartialKernelTable`), completed with `cpuKernels()`;
 * - every kernel call counted, so you can see what a model asks of a backend.
 */
import type {
  Backend,
  DataId,
  DType,
  KernelFn,
  KernelName,
  KernelSignatures,
  KernelTable,
  MemoryInfo,
  PartialKernelTable,
  TensorInfo,
  TypedArray,
} from '@torchlet/tensor';
import { allocTyped, registerBackend, registerKernels } from '@torchlet/tensor';
import { cpuKernels } from '@torchlet/backend-cpu';

/** What this backend stores per allocation. The CPU kernels it delegates to read the same shape. */
interface HostData {
  data: TypedArray;
}

export class TracingBackend implements Backend {
  readonly calls = new Map<string, number>();
  private bytes = 0;
  private buffers = 0;
  constructor(readonly name: string) {}
  private track(data: TypedArray): HostData {
    this.bytes += data.byteLength;
    this.buffers++;
    return { data };
  }
  allocate(numel: number, dtype: DType): DataId {
    return this.track(allocTyped(dtype, numel));
  }
  fromTypedArray(data: TypedArray): DataId {
    return this.track(data);
  }
  write(id: DataId, data: TypedArray): void {
    (id as HostData).data.set(data);
  }
  async read(id: DataId): Promise<TypedArray> {
    return (id as HostData).data;
  }
  readSync(id: DataId): TypedArray {
    return (id as HostData).data;
  }
  free(id: DataId): void {
    this.bytes -= (id as HostData).data.byteLength;
    this.buffers--;
  }
  memory(): MemoryInfo {
    return { numBytes: this.bytes, numBuffers: this.buffers };
  }
  /** kernel calls so far, most frequent first */
  report(): [string, number][] {
    return [...this.calls].sort((a, b) => b[1] - a[1]);
  }
}

const data = (t: TensorInfo) => (t.dataId as HostData).data;

/** Element offset of a batch index in a strided operand (batch dims are all but the last two). */
function batchOffset(t: TensorInfo, b: number, batchShape: readonly number[]): number {
  let off = t.offset;
  for (let d = batchShape.length - 1; d >= 0; d--) {
    off += (b % batchShape[d]!) * t.strides[d]!;
    b = Math.floor(b / batchShape[d]!);
  }
  return off;
}

/** Our own matmul: a plain triple loop over strided (even broadcast) operands. */
const matmul: KernelFn<'matmul'> = ([a, b], { outDType }, backend) => {
  const nd = a.shape.length;
  const batch = a.shape.slice(0, nd - 2);
  const [M, K, N] = [a.shape[nd - 2]!, a.shape[nd - 1]!, b.shape[nd - 1]!];
  const nb = batch.reduce((p, s) => p * s, 1);
  const out = allocTyped(outDType, nb * M * N);
  const A = data(a);
  const B = data(b);
  for (let bi = 0; bi < nb; bi++) {
    const ao = batchOffset(a, bi, batch);
    const bo = batchOffset(b, bi, batch);
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        let acc = 0;
        for (let k = 0; k < K; k++)
          acc += A[ao + i * a.strides[nd - 2]! + k * a.strides[nd - 1]!]! * B[bo + k * b.strides[nd - 2]! + j * b.strides[nd - 1]!]!;
        out[(bi * M + i) * N + j] = acc;
      }
  }
  return { dataId: backend.fromTypedArray(out, outDType), shape: [...batch, M, N], dtype: outDType };
};

/** Our own relu, for any strides: walk the logical index and map it to the storage offset. */
const relu: KernelFn<'relu'> = ([x], { outDType }, backend) => {
  const n = x.shape.reduce((p, s) => p * s, 1);
  const out = allocTyped(outDType, n);
  const X = data(x);
  for (let i = 0; i < n; i++) {
    let rest = i;
    let off = x.offset;
    for (let d = x.shape.length - 1; d >= 0; d--) {
      off += (rest % x.shape[d]!) * x.strides[d]!;
      rest = Math.floor(rest / x.shape[d]!);
    }
    const v = X[off]!;
    out[i] = v > 0 || Number.isNaN(v) ? v : 0; // NaN stays NaN, as PyTorch's relu
  }
  return { dataId: backend.fromTypedArray(out, outDType), shape: [...x.shape], dtype: outDType };
};

/** Wrap a kernel so each call is counted on the backend that runs it. */
function counted<K extends KernelName>(op: K, fn: KernelFn<K>): KernelFn<K> {
  return ((inputs: KernelSignatures[K]['inputs'], attrs: KernelSignatures[K]['attrs'], backend: Backend) => {
    const calls = (backend as TracingBackend).calls;
    calls.set(op, (calls.get(op) ?? 0) + 1);
    return fn(inputs, attrs, backend);
  }) as KernelFn<K>;
}

/** The kernels this backend writes itself: a declared subset of the kernel names. */
const own = { matmul, relu } satisfies PartialKernelTable;

/** Every kernel of a table wrapped by `counted`, under the same names. */
function countedTable(table: PartialKernelTable): PartialKernelTable {
  const out: PartialKernelTable = {};
  const wrap = <K extends KernelName>(op: K, fn: KernelFn<K>) => ((out as Record<K, KernelFn<K>>)[op] = counted(op, fn));
  for (const op of Object.keys(table) as KernelName[]) wrap(op, table[op] as KernelFn<typeof op>);
  return out;
}

/** Register the backend under `name` with its kernels: ours for matmul and relu, the CPU ones for the rest. */
export function registerTracingBackend(name = 'traced', options: { priority?: number } = {}): TracingBackend {
  // the fallback is explicit: the CPU kernels (they read `{ data }` allocations like ours), with
  // our own replacing theirs; the whole record must be a complete KernelTable...
  const kernels = { ...cpuKernels(), ...own } satisfies KernelTable;
  // ...and every call is counted
  registerKernels(name, countedTable(kernels));
  const backend = new TracingBackend(name);
  registerBackend(name, () => backend, { priority: options.priority ?? 0 });
  return backend;
}
