// The drawing pad: pointer input (mouse, touch, pen) as thick round strokes, white on black like
// MNIST, made into the model's input after every change (at most once a frame).
import { preprocess } from './preprocess.js';

export interface Drawing {
  /** run the preprocessing and the callback again (e.g. after the model changed) */
  refresh(): void;
  clear(): void;
}

const STROKE = 20;

export function setupDrawing(
  pad: HTMLCanvasElement,
  preview: HTMLCanvasElement,
  clearButton: HTMLElement,
  onInput: (input: Float32Array | null) => void,
): Drawing {
  const g = pad.getContext('2d', { willReadFrequently: true })!;
  const pg = preview.getContext('2d')!;
  let last: { x: number; y: number } | null = null;
  let pending = false;
  let empty = true;

  function reset(): void {
    g.fillStyle = '#000';
    g.fillRect(0, 0, pad.width, pad.height);
    pg.fillStyle = '#000';
    pg.fillRect(0, 0, 28, 28);
    empty = true;
  }

  function update(): void {
    pending = false;
    if (empty) {
      onInput(null);
      return;
    }
    const { data } = g.getImageData(0, 0, pad.width, pad.height);
    const ink = new Float32Array(pad.width * pad.height);
    for (let i = 0; i < ink.length; i++) ink[i] = data[i * 4]! / 255;
    const out = preprocess(ink, pad.width, pad.height);
    if (!out) {
      onInput(null);
      return;
    }
    const img = pg.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = Math.round(255 * out.image[i]!);
      img.data.set([v, v, v, 255], i * 4);
    }
    pg.putImageData(img, 0, 0);
    onInput(out.input);
  }

  function schedule(): void {
    if (pending) return;
    pending = true;
    requestAnimationFrame(update);
  }

  function at(e: PointerEvent): { x: number; y: number } {
    const r = pad.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * pad.width, y: ((e.clientY - r.top) / r.height) * pad.height };
  }

  function segment(a: { x: number; y: number }, b: { x: number; y: number }, pressure: number): void {
    g.strokeStyle = '#fff';
    g.lineCap = 'round';
    g.lineJoin = 'round';
    // pens report pressure; mice report 0.5 while a button is down
    g.lineWidth = STROKE * (pressure > 0 && pressure !== 0.5 ? 0.6 + 0.8 * pressure : 1);
    g.beginPath();
    g.moveTo(a.x, a.y);
    g.lineTo(b.x, b.y);
    g.stroke();
    empty = false;
    schedule();
  }

  pad.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    pad.setPointerCapture(e.pointerId);
    last = at(e);
    segment(last, last, e.pressure);
  });
  pad.addEventListener('pointermove', (e) => {
    if (!last) return;
    const p = at(e);
    segment(last, p, e.pressure);
    last = p;
  });
  const end = () => (last = null);
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);
  // the keyboard: Space puts the pen down or lifts it, arrows move it, Escape clears
  const pen = { x: pad.width / 2, y: pad.height / 2, down: false };
  const marker = pad.parentElement?.querySelector<HTMLElement>('.pen') ?? null;
  const showPen = () => {
    if (!marker) return;
    marker.hidden = document.activeElement !== pad;
    marker.style.left = `${(100 * pen.x) / pad.width}%`;
    marker.style.top = `${(100 * pen.y) / pad.height}%`;
    marker.classList.toggle('down', pen.down);
  };
  const MOVES: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  pad.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' || e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      pen.down = false;
      clear();
    } else if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      pen.down = !pen.down;
      if (pen.down) segment(pen, pen, 0);
    } else if (e.key in MOVES) {
      e.preventDefault();
      const [dx, dy] = MOVES[e.key]!;
      const step = e.shiftKey ? 4 : 14;
      const next = { x: Math.min(pad.width, Math.max(0, pen.x + dx * step)), y: Math.min(pad.height, Math.max(0, pen.y + dy * step)) };
      if (pen.down) segment(pen, next, 0);
      pen.x = next.x;
      pen.y = next.y;
    } else return;
    showPen();
  });
  pad.addEventListener('focus', showPen);
  pad.addEventListener('blur', showPen);

  function clear(): void {
    reset();
    schedule();
  }
  clearButton.addEventListener('click', clear);
  reset();
  return { refresh: schedule, clear };
}
