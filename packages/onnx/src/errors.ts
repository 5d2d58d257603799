import { TorchletError } from '@torchlet/tensor';

/** The model, its inputs or the options cannot be exported as asked; the message says why and what to do. */
export class OnnxExportError extends TorchletError {}

/** The forward used a Torchlet op that has no ONNX mapping (at the requested opset). `op` names it. */
export class UnsupportedOpError extends OnnxExportError {
  constructor(op: string, detail: string) {
    super(
      `has no ONNX mapping${detail ? ` ${detail}` : ''}. Rewrite that part of the forward with mapped ops (see the table in @torchlet/onnx's README), or keep it outside the exported model`,
      op,
    );
  }
}

/** toPyTorchSource cannot translate a module (a custom forward or layer); the message says what to write instead. */
export class PyTorchSourceError extends TorchletError {}
