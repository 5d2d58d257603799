import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The natural PyTorch training loop: synchronous, never yielding to the event loop, nothing
// disposed by hand. Finalizers never run inside such a loop, so memory must stay flat by itself.
// It runs in its own process (test/fixtures/sync-loop.mjs): the loop blocks its thread for its
// whole length, which on a busy machine outlasts vitest's worker RPC timeout, and a fresh process
// measures the loop's memory rather than the test runner's.
const MB = 2 ** 20;
const script = fileURLToPath(new URL('./fixtures/sync-loop.mjs', import.meta.url));

describe('a synchronous training loop on the cpu backend', () => {
  it('keeps RSS and memory() flat over 3,000 steps of a 784-128-10 MLP at batch 64', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--expose-gc', script],
        { cwd: fileURLToPath(new URL('..', import.meta.url)), timeout: 280_000 },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      ),
    );
    const r = JSON.parse(out.trim().split('\n').pop()!) as {
      rss0: number;
      rss1: number;
      mem0: number;
      numBytes: number;
      held: number;
      spills: number;
    };
    // RSS (less V8's young-generation capacity) within 30 MB of where it stands after 2,500 warm-up steps
    expect((r.rss1 - r.rss0) / MB).toBeLessThan(30);
    // memory() agrees with what is really held, to within 10%, and has not moved
    expect(r.held).toBeGreaterThan(0);
    expect(Math.abs(r.numBytes - r.held) / r.held).toBeLessThan(0.1);
    expect(r.numBytes).toBe(r.mem0);
    expect(r.spills).toBe(0);
  }, 300_000);
});
