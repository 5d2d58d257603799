import { builtinModules } from 'node:module';
import { build as esbuild } from 'esbuild';
import { build as viteBuild, createLogger } from 'vite';

/** A module id that is a Node built-in ('node:fs', 'fs/promises', ...). */
export const isBuiltin = (id: string) => id.startsWith('node:') || builtinModules.includes(id);

export interface BundleReport {
  /** errors and warnings, as the tool prints them */
  problems: string[];
  /** Node built-ins the bundle still imports */
  builtins: string[];
  /** bundled code (esbuild: the one output file; Vite: every chunk) */
  code: string;
  /** Vite with `outputs`: every output file by its URL path ('/index.html', '/assets/...') */
  files?: Record<string, string>;
}

/** Bundle one entry file for browsers with esbuild; never throws, errors land in `problems`. */
export async function esbuildBrowser(file: string, options: { minify?: boolean; keepNames?: boolean } = {}): Promise<BundleReport> {
  try {
    const r = await esbuild({
      entryPoints: [file],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      metafile: true,
      ...options,
    });
    const builtins = Object.entries(r.metafile.inputs).flatMap(([from, i]) =>
      i.imports.filter((im) => isBuiltin(im.path)).map((im) => `${from} -> ${im.path}`),
    );
    return { problems: r.warnings.map((w) => `warning: ${w.text}`), builtins, code: r.outputFiles[0]!.text };
  } catch (e) {
    const errors = (e as { errors?: { text: string }[] }).errors;
    return { problems: errors ? errors.map((x) => `error: ${x.text}`) : [String(e)], builtins: [], code: '' };
  }
}

/**
 * Bundle entry files for browsers with Vite (production build, nothing written). Vite replaces a
 * built-in with an empty `__vite-browser-external` module and warns, unless the package's `browser`
 * field maps it to false on purpose (protobufjs does so for fs), so its warnings are the check.
 */
export async function viteBrowser(
  root: string,
  files: string[],
  options: { minify?: boolean; outputs?: boolean } = {},
): Promise<BundleReport> {
  const problems: string[] = [];
  const logger = createLogger('warn');
  logger.warn = (msg) => void problems.push(`warning: ${msg}`);
  logger.warnOnce = (msg) => void problems.push(`warning: ${msg}`);
  logger.error = (msg) => void problems.push(`error: ${msg}`);
  // `vite build` runs with NODE_ENV=production (its built-in warnings depend on it); vitest sets 'test'
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const out = await viteBuild({
      configFile: false,
      root,
      mode: 'production',
      logLevel: 'warn',
      customLogger: logger,
      build: {
        write: false,
        minify: options.minify ?? false,
        target: 'es2022',
        chunkSizeWarningLimit: 1e6,
        rollupOptions: { input: files },
      },
    });
    const outputs = (Array.isArray(out) ? out : [out]).flatMap((o) => ('output' in o ? o.output : []));
    const chunks = outputs.flatMap((c) => (c.type === 'chunk' ? [c] : []));
    const report: BundleReport = {
      problems,
      builtins: chunks.flatMap((c) => [...c.imports, ...c.dynamicImports].filter(isBuiltin)),
      code: chunks.map((c) => c.code).join('\n'),
    };
    if (options.outputs)
      report.files = Object.fromEntries(outputs.map((o) => [`/${o.fileName}`, o.type === 'chunk' ? o.code : String(o.source)]));
    return report;
  } catch (e) {
    return { problems: [...problems, `error: ${(e as Error).message}`], builtins: [], code: '' };
  } finally {
    process.env.NODE_ENV = env;
  }
}
