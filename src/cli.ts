#!/usr/bin/env node
// The CLI's entry: everything is in src/cli/ (docs/cli.md). `main` returns the exit code.
// The default import: Node 20 (still on some PATHs) has no enableCompileCache to import by name.
import nodeModule from 'node:module';

// Node keeps the compiled bundle on disk between runs (in $TMPDIR/node-compile-cache, or where
// NODE_COMPILE_CACHE says; NODE_DISABLE_COMPILE_CACHE=1 turns it off): a run every hour on the same
// machine starts about 0.1 s of CPU sooner. The rest is imported after it, so all of it is cached.
nodeModule.enableCompileCache?.();

// `pullback ... | head` closes the pipe early: that is the reader's choice, not an error to crash on.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const { main } = await import('./cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
