import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What the committed bundle makes Node load before any of pullback's code runs: the entry and every
 * chunk it imports statically, transitively (a dynamic `import()` is left out: it loads only when a
 * run gets there). On a new runner Node's compile cache is empty, so each of those bytes is parsed
 * on every scheduled run (issue 11, bench/action-start.ts).
 */
const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist');

function staticGraph(entry: string): Map<string, string> {
  const loaded = new Map<string, string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    const text = readFileSync(file, 'utf8');
    loaded.set(file, text);
    // `import ... from "./x.js"` and `import "./x.js"` at the top level, as esbuild writes them, and
    // a top-level `await import("./x.js")` (the CLI's entry enables the compile cache, then awaits main).
    for (const match of text.matchAll(/^(?:import|export)\s[^;]*?from\s*"(\.\.?\/[^"]+)";|^import\s*"(\.\.?\/[^"]+)";|^var [^;\n]*= await import\("(\.\.?\/[^"]+)"\);/gms)) {
      visit(join(dirname(file), match[1] ?? match[2] ?? match[3]!));
    }
  };
  visit(join(dist, entry));
  return loaded;
}

const bytes = (graph: Map<string, string>) => [...graph.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0);
const holding = (graph: Map<string, string>, marker: string) => [...graph].filter(([, text]) => text.includes(marker)).map(([file]) => file);

describe('what the bundle loads at start', () => {
  for (const entry of ['index.js', 'backup.js', 'restore.js', 'verify.js', 'prune.js', 'cli.js']) {
    it(`${entry}: neither the Actions cache client (Azure storage, undici) nor an OIDC client before it runs`, () => {
      const graph = staticGraph(entry);
      assert.ok(graph.size >= 2, `${entry} imports its chunks statically (found ${graph.size} files): the scan reads the bundle as esbuild writes it`);
      // The package comment esbuild leaves above each module's code.
      for (const marker of ['// node_modules/@azure/storage-blob/', '// node_modules/undici/', '// node_modules/@actions/cache/', '// node_modules/@actions/http-client/']) {
        assert.deepEqual(holding(graph, marker), [], `${marker} is loaded at start by ${entry}`);
      }
      // 0.15 MB today; the Actions cache client alone is 2.4 MB.
      assert.ok(bytes(graph) < 400_000, `${entry} loads ${bytes(graph)} bytes at start`);
    });
  }

  it('the Actions cache client is in the bundle, in a chunk loaded when a watermark is read or saved', () => {
    const all = staticGraph('index.js');
    const entryText = [...all.values()].join('\n');
    const dynamic = [...entryText.matchAll(/import\("(\.\.?\/[^"]+)"\)/g)].map((m) => m[1]!);
    const cacheChunks = dynamic.filter((chunk) => {
      const files = [...all.keys()].map((file) => join(dirname(file), chunk));
      return files.some((file) => {
        try {
          return readFileSync(file, 'utf8').includes('// node_modules/@actions/cache/');
        } catch {
          return false;
        }
      });
    });
    assert.equal(cacheChunks.length >= 1, true, `a dynamic import reaches @actions/cache (dynamic imports: ${dynamic.join(', ')})`);
  });
});
