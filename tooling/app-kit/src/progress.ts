/** One line of progress per epoch: bar, loss, accuracy so far, samples/s and ETA. */
export class ProgressBar {
  private start = performance.now();
  private lastDraw = 0;
  private lastPct = -1;
  private readonly tty: boolean;
  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stdout,
  ) {
    this.tty = !!stream.isTTY;
  }

  update(done: number, stats: { loss: number; acc: number }): void {
    const now = performance.now();
    const pct = Math.floor((100 * done) / this.total);
    const finished = done >= this.total;
    if (this.tty) {
      if (!finished && now - this.lastDraw < 100) return;
      this.stream.write(`\r${this.line(done, stats, now)}`);
    } else {
      // logs: a line every 10%
      if (!finished && (pct < this.lastPct + 10 || pct === this.lastPct)) return;
      this.lastPct = pct;
      this.stream.write(`${this.line(done, stats, now)}\n`);
    }
    this.lastDraw = now;
  }

  end(): void {
    if (this.tty) this.stream.write('\n');
  }

  private line(done: number, { loss, acc }: { loss: number; acc: number }, now: number): string {
    const width = 24;
    const filled = Math.round((width * done) / this.total);
    const secs = (now - this.start) / 1000;
    const rate = done / Math.max(secs, 1e-9);
    const eta = rate > 0 ? (this.total - done) / rate : 0;
    return (
      `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(done).padStart(String(this.total).length)}/${this.total} ` +
      `loss ${loss.toFixed(4)} acc ${(100 * acc).toFixed(2)}% ${rate.toFixed(0)} samples/s ETA ${fmtTime(eta)}`
    );
  }
}

export function fmtTime(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - 60 * m)).padStart(2, '0')}s`;
}
