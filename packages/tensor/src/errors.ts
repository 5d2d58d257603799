/** Base class of every error Torchlet raises on purpose. `op` names the operation that failed. */
export class TorchletError extends Error {
  /** The operation that raised the error ('matmul', 'Linear'), also at the start of the message. */
  readonly op?: string;
  constructor(message: string, op?: string) {
    super(op ? `${op}: ${message}` : message);
    this.name = new.target.name;
    this.op = op;
  }
}
/** Shapes that do not fit together (broadcasting, matmul, view, cat...). */
export class ShapeError extends TorchletError {}
/** A dtype an op cannot take, or two dtypes it will not mix. */
export class DTypeError extends TorchletError {}
/** Tensors on two devices, or a device nobody registered. */
export class DeviceError extends TorchletError {}
/** Dims or indices out of range. */
export class IndexError extends TorchletError {}
/** A bad argument value (negative size, ragged nested array, bad option...). */
export class ValueError extends TorchletError {}
/** A backend problem: unknown backend, failed initialisation, missing kernel, lost device. */
export class BackendError extends TorchletError {}
/** The active backend has no kernel for an op. */
export class KernelNotFoundError extends BackendError {}
/** Autograd misuse: backward through a freed graph, non-scalar backward without a gradient, in-place on saved tensors. */
export class AutogradError extends TorchletError {}
/** A tensor used after `dispose()`. */
export class DisposedError extends TorchletError {}
/** Per-task state (grad mode, scopes) asked of an async callback where the runtime cannot keep it per task (browsers: no AsyncLocalStorage). */
export class AsyncContextError extends TorchletError {}
