// Fails (exit 1) when the source of any package, app or tooling folder has an import cycle.
// Uses dpdm with `transform`, so type-only imports (`import type`, and imports used only as
// types) are not edges: they vanish at run time. Each folder is checked on its own, with every
// source file as an entry, so modules that no entry point reaches are checked too. Other
// packages (reached through node_modules, or built output in dist/) are not followed: the package
// graph itself cannot have a cycle: turbo refuses a cyclic workspace dependency graph.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCircular, parseDependencyTree } from 'dpdm';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const SOURCE = /\.(ts|tsx|mts|js|mjs)$/;
const SKIP = new Set(['node_modules', 'dist', 'coverage', '.turbo', 'fixtures', 'public']);

/** Source files under `dir` (recursively), leaving out build output, dependencies and declaration files. */
function sources(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const folders = ['packages', 'apps', 'tooling'].flatMap((group) =>
  readdirSync(join(root, group))
    .map((name) => join(root, group, name))
    .filter((p) => statSync(p).isDirectory()),
);

process.chdir(root);
let failed = 0;
let checked = 0;
for (const folder of folders) {
  // a package's source is its src/; tooling folders without one are checked whole
  const base = existsSync(join(folder, 'src')) ? join(folder, 'src') : folder;
  const files = sources(base);
  if (files.length === 0) continue;
  const tsconfig = existsSync(join(folder, 'tsconfig.json')) ? join(folder, 'tsconfig.json') : join(root, 'tsconfig.base.json');
  // dpdm takes entries as globs relative to the working directory
  const tree = await parseDependencyTree(
    files.map((f) => relative(root, f)),
    { context: root, tsconfig, transform: true, skipDynamicImports: false, exclude: /(^|\/)(node_modules|dist)\//, onProgress: () => {} },
  );
  const cycles = parseCircular(tree);
  checked += Object.keys(tree).filter((f) => tree[f] !== null).length;
  if (cycles.length) {
    failed += cycles.length;
    console.error(`import cycles in ${relative(root, base)}:`);
    for (const c of cycles) console.error(`  ${[...c, c[0]].join(' -> ')}`);
  }
}
if (failed) {
  console.error(
    `\n${failed} import cycle(s). Break each one: move what both modules need into a leaf module, or import types with \`import type\`. See ARCHITECTURE.md (the package graph rules).`,
  );
  process.exit(1);
}
console.log(`no import cycles in ${checked} source files of ${folders.length} folders`);
