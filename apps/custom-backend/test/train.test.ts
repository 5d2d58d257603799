import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('the app trains a model on the custom backend and reports its kernel calls', async () => {
  const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, [main]);
  expect(stdout).toContain('device: traced');
  const acc = Number(/training accuracy: ([\d.]+)%/.exec(stdout)![1]);
  expect(acc).toBeGreaterThan(90);
  expect(stdout).toMatch(/matmul\s+\d+/);
  expect(stdout).toMatch(/relu\s+\d+/);
});
