import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, publicPackages } from '../src/packages.js';

// A `changeset version` dry run: on a copy of the workspace's manifests, .changeset and changelogs,
// with one more changeset, versioning succeeds and bumps the package and the ones that depend on it.
const CLI = join(ROOT, 'node_modules/@changesets/cli/bin.js');

/** Every workspace package: name and whether it is private. */
function workspacePackages(): { name: string; private: boolean }[] {
  const out: { name: string; private: boolean }[] = [];
  for (const group of ['packages', 'apps', 'tooling']) {
    for (const d of readdirSync(join(ROOT, group))) {
      const f = join(ROOT, group, d, 'package.json');
      if (!existsSync(f)) continue;
      const j = JSON.parse(readFileSync(f, 'utf8')) as { name: string; private?: boolean };
      out.push({ name: j.name, private: j.private === true });
    }
  }
  return out;
}

/** A changesets ignore entry (a package name, `*` matching within a name) as a RegExp. */
const globRe = (g: string) =>
  new RegExp(
    `^${g
      .split('*')
      .map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
      .join('[^/]*')}$`,
  );

describe('release flow', () => {
  it('the ignore list covers exactly the private packages (apps and tooling)', () => {
    const ignore = (JSON.parse(readFileSync(join(ROOT, '.changeset/config.json'), 'utf8')) as { ignore: string[] }).ignore.map(globRe);
    const pkgs = workspacePackages();
    for (const re of ignore)
      expect(
        pkgs.some((p) => re.test(p.name)),
        `${re} matches a package`,
      ).toBe(true);
    for (const p of pkgs)
      expect(
        ignore.some((re) => re.test(p.name)),
        `${p.name} ignored iff private`,
      ).toBe(p.private);
  });

  it('changeset version runs on a copy of the workspace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'torchlet-changeset-'));
    try {
      for (const f of ['package.json', 'pnpm-workspace.yaml', '.changeset']) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
      for (const group of ['packages', 'apps', 'tooling']) {
        for (const d of readdirSync(join(ROOT, group))) {
          for (const f of ['package.json', 'CHANGELOG.md']) {
            if (!existsSync(join(ROOT, group, d, f))) continue;
            mkdirSync(join(dir, group, d), { recursive: true });
            cpSync(join(ROOT, group, d, f), join(dir, group, d, f));
          }
        }
      }
      writeFileSync(join(dir, '.changeset/dry-run.md'), '---\n"@torchlet/tensor": patch\n---\n\nA dry-run change.\n');
      const before = JSON.parse(readFileSync(join(dir, 'packages/tensor/package.json'), 'utf8')).version as string;
      await promisify(execFile)(process.execPath, [CLI, 'version'], { cwd: dir, env: { ...process.env, CI: '1' } });
      const after = JSON.parse(readFileSync(join(dir, 'packages/tensor/package.json'), 'utf8')).version as string;
      expect(after).not.toBe(before);
      expect(readFileSync(join(dir, 'packages/tensor/CHANGELOG.md'), 'utf8')).toContain('A dry-run change.');
      // every public package has a changelog, and private ones are left alone
      for (const p of publicPackages()) expect(existsSync(join(p.dir, 'CHANGELOG.md')), p.name).toBe(true);
      expect(existsSync(join(dir, 'tooling/bench/CHANGELOG.md'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
