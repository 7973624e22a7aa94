// The first line of `npm test`: which Node runs the tests, and a clear stop when it is too old.
//
// `npm ci` installs Node 24 from the npm registry as a dev dependency (the `node` package) and npm
// puts node_modules/.bin first on PATH for its scripts, so `npm test` runs on that Node whatever
// the system has. Without this check an older Node fails with its own puzzles (Node 20:
// "Could not find 'test/**/*.test.ts'", since its test runner expands no globs) and never says
// that the version is the problem.
//
// Plain JavaScript that any Node since 12 can parse: it must run on the Node it refuses.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The lowest major version package.json's `engines.node` accepts (`>=24` gives 24). */
export function requiredMajor(engines) {
  const match = /^\s*>=?\s*v?(\d+)/.exec(engines ?? '');
  if (!match) throw new Error(`package.json: engines.node ${JSON.stringify(engines)} is not of the form ">=N"`);
  return Number(match[1]);
}

/** What to say when `version` (process.version) is older than `required`; undefined when it will do. */
export function nodeProblem(version, execPath, required) {
  const major = Number(/^v?(\d+)/.exec(version)?.[1]);
  if (major >= required) return undefined;
  return [
    `pullback needs Node ${required} or later to run its tests and scripts; this is Node ${version} (${execPath}).`,
    `- \`npm ci\` installs Node ${required} from the npm registry as a dev dependency (the \`node\` package), and npm`,
    '  runs its scripts on it whatever Node the system has: run `npm ci`, then `npm test`.',
    '- Running node yourself (node --test, tsx)? Put that Node first on PATH:',
    '    export PATH="$PWD/node_modules/.bin:$PATH"',
    `  or install Node ${required} (.node-version names it for nvm, fnm, volta and actions/setup-node).`,
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const engines = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines?.node;
  const problem = nodeProblem(process.version, process.execPath, requiredMajor(engines));
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  console.log(`pullback: Node ${process.version} (${process.execPath})`);
}
