import * as pb from 'protobufjs/light.js';
import type { OnnxGraph } from './lower/index.js';
import schema from './onnx-schema.json';

// protobufjs is CommonJS: its API is the default export under Node's ESM loader, the namespace elsewhere
const protobuf: typeof pb = (pb as unknown as { default?: typeof pb }).default ?? pb;

let modelType: pb.Type | undefined;

/** onnx.ModelProto from the official schema (proto/onnx.proto, compiled to src/onnx-schema.json). */
function ModelProto(): pb.Type {
  modelType ??= protobuf.Root.fromJSON(schema as pb.INamespace).lookupType('onnx.ModelProto');
  return modelType;
}

/** IR version that goes with an opset (onnx/helper.py's table): 13-14 -> 7, 15-18 -> 8, 19-20 -> 9, 21 -> 10. */
export function irVersionFor(opset: number): number {
  return opset <= 14 ? 7 : opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
}

export interface ModelMeta {
  opset: number;
  producerVersion: string;
  docString?: string;
}

export function encodeModel(graph: OnnxGraph, meta: ModelMeta): Uint8Array {
  const Model = ModelProto();
  const message = Model.fromObject({
    ir_version: irVersionFor(meta.opset),
    producer_name: 'torchlet',
    producer_version: meta.producerVersion,
    doc_string: meta.docString ?? '',
    opset_import: [{ domain: '', version: meta.opset }],
    graph,
  });
  const bytes = Model.encode(message).finish();
  // a plain Uint8Array of its own (protobufjs gives a pooled Buffer in Node)
  return new Uint8Array(bytes);
}

/** Decode bytes back into a plain object (tests, debugging). */
// biome-ignore lint/suspicious/noExplicitAny: protobufjs's toObject output is untyped (its shape is ONNX's ModelProto)
export function decodeModel(bytes: Uint8Array): Record<string, any> {
  const Model = ModelProto();
  return Model.toObject(Model.decode(bytes), { longs: Number, bytes: Array, defaults: false });
}
