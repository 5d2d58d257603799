import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number | null;
  testAccuracy: number | null;
  seconds: number;
}

export interface RunMetrics {
  app: string;
  config: Record<string, unknown>;
  device: string;
  epochs: EpochMetrics[];
  /** running training loss and accuracy, sampled a few hundred times per run */
  steps: { sample: number; loss: number; accuracy: number }[];
  interrupted: boolean;
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

/** metrics.json and chart.svg (training loss and accuracy over samples seen) in `dir`. */
export async function writeMetrics(dir: string, m: RunMetrics): Promise<{ json: string; svg: string }> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, 'metrics.json');
  const svg = join(dir, 'chart.svg');
  await writeAtomic(json, `${JSON.stringify(m, null, 2)}\n`);
  await writeAtomic(svg, chartSvg(m));
  return { json, svg };
}

function polyline(points: [number, number][], color: string): string {
  return `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}"/>`;
}

/** A two-panel line chart: loss (left), accuracy (right). */
export function chartSvg(m: RunMetrics): string {
  const W = 360;
  const H = 220;
  const pad = 40;
  const xs = m.steps.map((s) => s.sample);
  const xmax = Math.max(1, ...xs);
  const lmax = Math.max(1e-9, ...m.steps.map((s) => s.loss));
  const panel = (ox: number, title: string, ys: number[], ymax: number, color: string, fmt: (v: number) => string) => {
    const pts = m.steps.map(
      (s, i) => [ox + pad + ((W - 2 * pad) * s.sample) / xmax, H - pad - ((H - 2 * pad) * ys[i]!) / ymax] as [number, number],
    );
    return [
      `<text x="${ox + W / 2}" y="20" text-anchor="middle" font-size="13">${title}</text>`,
      `<line x1="${ox + pad}" y1="${H - pad}" x2="${ox + W - pad}" y2="${H - pad}" stroke="#888"/>`,
      `<line x1="${ox + pad}" y1="${pad}" x2="${ox + pad}" y2="${H - pad}" stroke="#888"/>`,
      `<text x="${ox + pad - 4}" y="${pad + 4}" text-anchor="end" font-size="10">${fmt(ymax)}</text>`,
      `<text x="${ox + pad - 4}" y="${H - pad}" text-anchor="end" font-size="10">0</text>`,
      `<text x="${ox + W - pad}" y="${H - pad + 14}" text-anchor="end" font-size="10">${xmax} samples</text>`,
      polyline(pts, color),
    ].join('\n');
  };
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
${panel(
  0,
  `${m.app}: training loss`,
  m.steps.map((s) => s.loss),
  lmax,
  '#d62728',
  (v) => v.toFixed(2),
)}
${panel(
  W,
  `${m.app}: training accuracy`,
  m.steps.map((s) => s.accuracy),
  1,
  '#1f77b4',
  (v) => `${(100 * v).toFixed(0)}%`,
)}
</svg>
`;
}
