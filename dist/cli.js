#!/usr/bin/env node
import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);

// src/cli.ts
import nodeModule from "node:module";
nodeModule.enableCompileCache?.();
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
var { main } = await import("./chunks/main-BIPK6SAG.js");
process.exitCode = await main(process.argv.slice(2));
