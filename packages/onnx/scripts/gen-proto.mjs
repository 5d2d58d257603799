// Regenerates src/onnx-schema.json (the protobufjs descriptor the exporter encodes with) from the
// official proto/onnx.proto (Apache-2.0, from github.com/onnx/onnx, unchanged).
// Run after replacing proto/onnx.proto: pnpm --filter @torchlet/onnx gen-proto (--check: only compare)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

export function schemaJson() {
  const proto = readFileSync(fileURLToPath(new URL('../proto/onnx.proto', import.meta.url)), 'utf8');
  const { root } = protobuf.parse(proto, { keepCase: true });
  return `${JSON.stringify(root.toJSON(), null, 1)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL('../src/onnx-schema.json', import.meta.url));
  if (process.argv.includes('--check')) {
    const same = readFileSync(out, 'utf8') === schemaJson();
    console.log(
      same ? 'src/onnx-schema.json matches proto/onnx.proto' : 'src/onnx-schema.json is stale: run pnpm --filter @torchlet/onnx gen-proto',
    );
    process.exit(same ? 0 : 1);
  }
  writeFileSync(out, schemaJson());
  console.log('wrote src/onnx-schema.json');
}
