import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { mappedOps } from '../src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('package', () => {
  it('encodes with the schema compiled from the official onnx.proto, license header kept', () => {
    const proto = readFileSync(`${root}proto/onnx.proto`, 'utf8');
    expect(proto).toMatch(/SPDX-License-Identifier: Apache-2.0/);
    expect(proto).toMatch(/^package onnx;$/m);
    const r = spawnSync(process.execPath, ['scripts/gen-proto.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(r.stdout).toMatch(/matches proto\/onnx.proto/);
    expect(r.status).toBe(0);
  });

  // the workspace packages stay external: this checks onnx's own code and protobufjs
  // (@torchlet/nn keeps its file helpers in @torchlet/nn/node, so its main entry bundles for browsers too)
  it('the main entry bundles for browsers; the node entry (the file writer) does not', async () => {
    const bundle = (entry: string) =>
      build({
        entryPoints: [`${root}${entry}`],
        bundle: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        logLevel: 'silent',
        external: ['@torchlet/*'],
      });
    const ok = await bundle('src/index.ts');
    const code = ok.outputFiles[0]!.text;
    expect(code).toMatch(/ModelProto/);
    expect(code).not.toMatch(/from ['"]node:|import\(['"](node:)?fs|require\(['"](node:)?(fs|crypto)/);
    await expect(bundle('src/node.ts')).rejects.toThrow(/node:fs\/promises|node:crypto/);
  });

  it('the README lists every op the exporter maps', () => {
    const readme = readFileSync(`${root}README.md`, 'utf8');
    const missing = mappedOps().filter((op) => !readme.includes(`\`${op}\``));
    expect(missing).toEqual([]);
  });

  it('ships the schema license with the package', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
    expect(pkg.files).toContain('proto');
    expect(readFileSync(`${root}proto/LICENSE`, 'utf8')).toMatch(/Apache License\s+Version 2.0/);
  });
});
