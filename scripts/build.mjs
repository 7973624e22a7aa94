// Bundles the shipped entry points into dist/. With --check, builds into a temporary folder and
// fails when the committed dist/ differs in any file, or holds a file the build no longer makes:
// the packaged artifact is what ships.
//
// Code splitting: each backend is imported only when a run configures it (src/app/run-mode.ts), so
// esbuild puts it in a chunk of its own and an S3-only run never parses the MySQL driver.
import { build } from 'esbuild';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const entryPoints = {
  // The root action (action.yml: the `mode` input chooses) and the sub-actions backup/, restore/,
  // verify/ and prune/ (each action.yml runs ../dist/<mode>.js: the same code with its mode fixed; the
  // chunks are shared, so each adds a few lines).
  index: 'src/main.ts',
  backup: 'src/action/backup.ts',
  restore: 'src/action/restore.ts',
  verify: 'src/action/verify.ts',
  prune: 'src/action/prune.ts',
  cli: 'src/cli.ts',
  'simpledb-local': 'src/simpledb-local/cli.ts',
};

const check = process.argv.includes('--check');
// --outdir <folder>: a bundle elsewhere (the benchmark runs the CLI as users run it, from a fresh build).
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = check ? await mkdtemp(join(tmpdir(), 'pullback-dist-')) : outdirFlag > 0 ? process.argv[outdirFlag + 1] : 'dist';
// A stale chunk left in dist/ would ship for nothing: start from an empty folder.
if (!check) await rm(outdir, { recursive: true, force: true });

/**
 * node:http and node:https reach the bundle through require(), not an ES import: Node builds an ES
 * module facade of a builtin by reading every export, and node:http's lazy getters (WebSocket,
 * fetch's classes) then load undici, about 35 ms of every run's start for nothing (issue 11; a
 * profile of a nothing-changed run, and `node -e "import('node:http')"` against require). A
 * CommonJS stand-in keeps the getters lazy: esbuild's interop reads only the names the code uses.
 */
const lazyHttp = {
  name: 'lazy-http',
  setup(build) {
    build.onResolve({ filter: /^(node:)?https?$/ }, (args) =>
      args.namespace === 'lazy-http' ? { path: `node:${args.path.replace(/^node:/, '')}`, external: true } : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-http' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-http' }, (args) => ({ contents: `module.exports = require('node:${args.path}');`, loader: 'js' }));
  },
};

/**
 * @actions/core imports its OIDC client (getIDToken) at the top of the module, and with it
 * @actions/http-client and undici: 0.8 MB that esbuild keeps, and every action start parses and
 * runs, because their files are not marked free of side effects. pullback never asks for an OIDC
 * token (configure-aws-credentials does, in its own step): marked so here, the client goes unless
 * something calls getIDToken, and the action's first chunk shrinks from 2.5 MB to about 0.1 MB
 * (issue 11). esbuild keeps the file whole again the moment anything uses it.
 */
const unusedOidc = {
  name: 'unused-oidc',
  setup(build) {
    build.onResolve({ filter: /^\.\/oidc-utils\.js$/ }, async (args) => {
      if (args.pluginData?.resolving || !/@actions[\\/]core[\\/]/.test(args.importer)) return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { resolving: true } });
      return { path: resolved.path, sideEffects: false };
    });
  },
};

await build({
  entryPoints,
  plugins: [lazyHttp, unusedOidc],
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  // ESM builds first: the SDK's ES modules let esbuild keep only the commands pullback sends.
  mainFields: ['module', 'main'],
  target: 'node24',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);",
  },
});

async function files(root) {
  const found = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true }).catch(() => [])) {
    if (entry.isFile()) found.push(relative(root, join(entry.parentPath, entry.name)));
  }
  return found.sort();
}

if (check) {
  const fresh = await files(outdir);
  const committed = await files('dist');
  const stale = [];
  for (const name of fresh) {
    const a = await readFile(join(outdir, name), 'utf8');
    const b = await readFile(join('dist', name), 'utf8').catch(() => null);
    if (a !== b) stale.push(name);
  }
  for (const name of committed) if (!fresh.includes(name)) stale.push(`${name} (no longer built)`);
  await rm(outdir, { recursive: true, force: true });
  if (stale.length > 0) {
    console.error(`dist/ is stale (${stale.join(', ')}): run \`npm run build\` and commit dist/.`);
    process.exit(1);
  }
  console.log('dist/ is up to date');
}
