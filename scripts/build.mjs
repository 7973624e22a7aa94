// Bundles the shipped entry points into dist/. With --check, builds into a temporary
// folder and fails when the committed dist/ differs: the packaged artifact is what ships.
import { build } from 'esbuild';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const entryPoints = {
  index: 'src/main.ts',
  cli: 'src/cli.ts',
  'simpledb-local': 'src/simpledb-local/cli.ts',
};

const check = process.argv.includes('--check');
const outdir = check ? await mkdtemp(join(tmpdir(), 'pullback-dist-')) : 'dist';

await build({
  entryPoints,
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);",
  },
});

if (check) {
  const stale = [];
  for (const name of await readdir(outdir)) {
    const fresh = await readFile(join(outdir, name), 'utf8');
    const committed = await readFile(join('dist', name), 'utf8').catch(() => null);
    if (fresh !== committed) stale.push(name);
  }
  await rm(outdir, { recursive: true, force: true });
  if (stale.length > 0) {
    console.error(`dist/ is stale (${stale.join(', ')}): run \`npm run build\` and commit dist/.`);
    process.exit(1);
  }
  console.log('dist/ is up to date');
}
