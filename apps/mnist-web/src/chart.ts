// A small line chart on a canvas: a few series of (x, y) points, redrawn at most once a frame.

export interface Series {
  name: string;
  color: string;
  /** draw points as dots (few points, e.g. one per epoch) instead of a line */
  dots?: boolean;
  points: [number, number][];
}

export class LineChart {
  private dirty = false;
  constructor(
    private readonly canvas: HTMLCanvasElement,
    readonly series: Series[],
    private readonly opts: { yMin?: number; yMax?: number; xLabel: (x: number) => string; yLabel: (y: number) => string },
  ) {
    new ResizeObserver(() => this.invalidate()).observe(canvas);
  }

  clear(): void {
    for (const s of this.series) s.points.length = 0;
    this.invalidate();
  }

  add(series: number, x: number, y: number): void {
    this.series[series]!.points.push([x, y]);
    this.invalidate();
  }

  invalidate(): void {
    if (this.dirty) return;
    this.dirty = true;
    requestAnimationFrame(() => {
      this.dirty = false;
      this.draw();
    });
  }

  private draw(): void {
    const c = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(c.clientWidth * dpr));
    const h = Math.max(1, Math.round(c.clientHeight * dpr));
    if (c.width !== w || c.height !== h) {
      c.width = w;
      c.height = h;
    }
    const g = c.getContext('2d')!;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    const W = c.clientWidth;
    const H = c.clientHeight;
    g.clearRect(0, 0, W, H);
    const all = this.series.flatMap((s) => s.points);
    const pad = { l: 44, r: 10, t: 8, b: 22 };
    const xMax = Math.max(1, ...all.map((p) => p[0]));
    let yMin = this.opts.yMin ?? Math.min(...all.map((p) => p[1]), 0);
    let yMax = this.opts.yMax ?? Math.max(...all.map((p) => p[1]), 1e-6);
    if (!(yMax > yMin)) [yMin, yMax] = [0, 1];
    const X = (x: number) => pad.l + (x / xMax) * (W - pad.l - pad.r);
    const Y = (y: number) => pad.t + (1 - (y - yMin) / (yMax - yMin)) * (H - pad.t - pad.b);
    const style = getComputedStyle(c);
    g.font = `11px ${style.fontFamily}`;
    g.strokeStyle = style.getPropertyValue('--grid') || '#ccc';
    g.fillStyle = style.color;
    g.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const y = yMin + ((yMax - yMin) * i) / 4;
      g.beginPath();
      g.moveTo(pad.l, Y(y));
      g.lineTo(W - pad.r, Y(y));
      g.stroke();
      g.textAlign = 'right';
      g.textBaseline = 'middle';
      g.fillText(this.opts.yLabel(y), pad.l - 4, Y(y));
    }
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (let i = 0; i <= 4; i++) g.fillText(this.opts.xLabel((xMax * i) / 4), X((xMax * i) / 4), H - pad.b + 6);
    for (const s of this.series) {
      g.strokeStyle = g.fillStyle = s.color;
      g.lineWidth = 1.5;
      if (s.dots) {
        for (const [x, y] of s.points) {
          g.beginPath();
          g.arc(X(x), Y(y), 4, 0, 2 * Math.PI);
          g.fill();
        }
      } else if (s.points.length) {
        g.beginPath();
        s.points.forEach(([x, y], i) => {
          if (i) g.lineTo(X(x), Y(y));
          else g.moveTo(X(x), Y(y));
        });
        g.stroke();
      }
    }
  }
}
