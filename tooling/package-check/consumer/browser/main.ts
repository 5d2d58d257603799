// A browser app: the tutorial bundled with esbuild or Vite, results on window for the test.
import { tutorial } from '../shared/tutorial.js';

const w = window as unknown as { __result?: unknown; __error?: string };
tutorial().then(
  (r) => {
    w.__result = r;
    document.body.textContent = r.lines.join('\n');
  },
  (e: unknown) => {
    w.__error = String((e as Error)?.stack ?? e);
  },
);
