#!/usr/bin/env node
// The CLI's entry: everything is in src/cli/ (docs/cli.md). `main` returns the exit code.
import { main } from './cli/main.ts';
import { boundHeapGrowth } from './app/heap-bounds.ts';

boundHeapGrowth();

// `pullback ... | head` closes the pipe early: that is the reader's choice, not an error to crash on.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2));
