import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RunMetrics } from './metrics.js';

/** For app tests: run a built app with flags in a temporary --out folder; returns its stdout and metrics. */
export async function runApp(main: string, args: string[]): Promise<{ stdout: string; metrics: RunMetrics | null; out: string }> {
  const out = await mkdtemp(join(tmpdir(), 'torchlet-app-'));
  const { stdout } = await promisify(execFile)(process.execPath, [main, ...args, '--out', out], { maxBuffer: 64 * 1024 * 1024 });
  let metrics: RunMetrics | null = null;
  try {
    metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as RunMetrics;
  } catch {
    metrics = null;
  }
  return { stdout, metrics, out };
}
