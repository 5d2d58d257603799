export { exportOnnx, DEFAULT_OPSET, MIN_OPSET, MAX_OPSET, type ExportOptions, type DynamicAxes } from './export.js';
export { mappedOps } from './lower/index.js';
export { decodeModel, irVersionFor } from './proto.js';
export { OnnxExportError, UnsupportedOpError, PyTorchSourceError } from './errors.js';
export { toPyTorchSource, type PyTorchSourceOptions } from './pytorch-source.js';
