#!/usr/bin/env node
// The CLI's entry: everything is in src/cli/ (docs/cli.md). `main` returns the exit code.
import { main } from './cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
