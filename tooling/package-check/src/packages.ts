import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface PublicPackage {
  name: string;
  dir: string;
  /** export subpaths ('.', './node', ...), without ./package.json */
  entries: string[];
  json: Record<string, unknown> & { exports: Record<string, unknown>; files?: string[] };
}

/** Every public (not private) package under packages/. */
export function publicPackages(): PublicPackage[] {
  const out: PublicPackage[] = [];
  for (const d of readdirSync(join(ROOT, 'packages')).sort()) {
    const dir = join(ROOT, 'packages', d);
    let json: PublicPackage['json'];
    try {
      json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (json.private) continue;
    out.push({ name: json.name as string, dir, entries: Object.keys(json.exports).filter((k) => k !== './package.json'), json });
  }
  return out;
}

/** The import specifier of one entry: 'torchlet', '@torchlet/nn/node'. */
export function specifier(pkg: string, entry: string): string {
  return entry === '.' ? pkg : `${pkg}/${entry.slice(2)}`;
}

/** Entries meant for browsers: all but the Node-only './node' ones. */
export function browserEntries(): string[] {
  return publicPackages().flatMap((p) => p.entries.filter((e) => e !== './node').map((e) => specifier(p.name, e)));
}
