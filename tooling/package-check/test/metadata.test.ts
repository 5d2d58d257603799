import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, publicPackages } from '../src/packages.js';

// What npm shows and ships for each public package: its license, metadata, and a README whose
// links work on npmjs.com (no relative links out of the package).
const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');

describe.each(publicPackages().map((p) => [p.name, p] as const))('%s', (_name, p) => {
  it('ships the MIT LICENSE of the repository', () => {
    expect(license).toMatch(/^MIT License/);
    expect(p.json.license).toBe('MIT');
    expect(readFileSync(join(p.dir, 'LICENSE'), 'utf8')).toBe(license);
    expect(p.json.files).toContain('LICENSE');
  });
  it('has repository, homepage, bugs, keywords and engines', () => {
    const j = p.json as {
      repository?: unknown;
      homepage?: string;
      bugs?: { url?: string };
      keywords?: string[];
      engines?: { node?: string };
    };
    expect(j.repository).toMatchObject({ type: 'git', directory: p.dir.slice(ROOT.length).replace(/\/$/, '') });
    expect(j.homepage).toMatch(/^https:\/\//);
    expect(j.bugs?.url).toMatch(/^https:\/\//);
    expect(j.keywords).toContain('torchlet');
    expect(j.engines?.node).toBe('>=20.19');
  });
  it('exports ES modules with their types, one format (no dual-package copies)', () => {
    for (const e of p.entries) {
      const x = p.json.exports[e] as Record<string, string>;
      // the workspace-only condition typecheck resolves to the TypeScript source (never shipped)
      const { '@torchlet/source': source, ...published } = x;
      if (source !== undefined) {
        expect(Object.keys(x)[0], 'the source condition comes first').toBe('@torchlet/source');
        expect(source).toMatch(/^\.\/src\/.*\.ts$/);
        expect(existsSync(join(p.dir, source))).toBe(true);
      }
      expect(Object.keys(published)).toEqual(['types', 'default']);
      expect(published.default).toMatch(/\.js$/);
      expect(published.types).toMatch(/\.d\.ts$/);
    }
  });
  it('its README has no relative links out of the package', () => {
    const readme = readFileSync(join(p.dir, 'README.md'), 'utf8');
    expect(readme.match(/\]\(\.\.\/[^)]*\)/g) ?? []).toEqual([]);
    expect(existsSync(join(p.dir, 'README.md'))).toBe(true);
  });
});
