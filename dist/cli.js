#!/usr/bin/env node
import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  VERSION
} from "./chunks/chunk-DDIQ3ZGG.js";
import {
  FileWatermarkStore,
  runMode
} from "./chunks/chunk-EMPVLTM3.js";
import {
  consoleLogger
} from "./chunks/chunk-IEKX4IZP.js";
import "./chunks/chunk-EKUDSRVZ.js";
import {
  ActionInputNames,
  Inputs
} from "./chunks/chunk-62Y63P5L.js";
import "./chunks/chunk-WULSAGZO.js";
import {
  ConfigError
} from "./chunks/chunk-CRCO44CK.js";
import "./chunks/chunk-LEEQLYU6.js";

// src/cli.ts
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
var USAGE = `pullback ${VERSION}: pull incremental, versioned backups out of AWS

Usage:
  pullback backup  [--config FILE] [--sources B[/P],...] [--destination s3://B/P | DIR] [options]
  pullback restore --destination ... --restore-time "2 days ago" [--restore-target s3://B/P | DIR] [--dry-run]
  pullback verify  --destination ... [--sources ...] [--read-data sample:10]

Every action input is also a flag (--source-region, --destination-endpoint, --overlap, ...) and a
key of the JSON config file; flags win over the file, the file over PULLBACK_* environment
variables (PULLBACK_DESTINATION_SECRET_ACCESS_KEY for destination-secret-access-key).
Source credentials come from the standard AWS chain (environment, profile, web identity).

Options:
  --config FILE        JSON file of settings (same names as the action's inputs)
  --state-file FILE    where the CLI keeps its watermark (default .pullback/state.json)
  --dry-run            plan only: list and compare, copy nothing
  --json               print the result as JSON
  -h, --help           this text
`;
async function gatherSettings(argv) {
  const names = [...ActionInputNames, Inputs.stateFile, "config"];
  const options = { json: { type: "boolean" }, help: { type: "boolean" } };
  for (const name of names) options[name] = { type: name === Inputs.dryRun ? "boolean" : "string" };
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  if (values["help"]) {
    console.log(USAGE);
    process.exit(0);
  }
  const raw = {};
  for (const name of [...ActionInputNames, Inputs.stateFile]) {
    const fromEnv = process.env[`PULLBACK_${name.toUpperCase().replace(/-/g, "_")}`];
    if (fromEnv !== void 0) raw[name] = fromEnv;
  }
  if (typeof values["config"] === "string") {
    let file;
    try {
      file = JSON.parse(await readFile(values["config"], "utf8"));
    } catch (error) {
      throw new ConfigError("config", `cannot read ${values["config"]}: ${error.message}`);
    }
    for (const [name, value] of Object.entries(file)) {
      raw[name] = Array.isArray(value) ? value.join("\n") : String(value);
    }
  }
  for (const name of [...ActionInputNames, Inputs.stateFile]) {
    const value = values[name];
    if (typeof value === "string") raw[name] = value;
    if (value === true) raw[name] = "true";
  }
  return { command: positionals[0], raw, json: values["json"] === true };
}
async function main() {
  const { command, raw, json } = await gatherSettings(process.argv.slice(2));
  if (command !== "backup" && command !== "restore" && command !== "verify") {
    console.error(command ? `unknown command ${command}
` : "");
    console.error(USAGE);
    process.exit(2);
  }
  const logger = consoleLogger(process.env["PULLBACK_DEBUG"] === "1", json ? (line) => console.error(line) : void 0);
  const stateFile = raw[Inputs.stateFile] ?? ".pullback/state.json";
  const report = await runMode(command, raw, {
    logger,
    // One file for both backends: source ids (s3://..., sdb:...) never collide.
    watermarkStore: () => new FileWatermarkStore(stateFile)
  });
  if (json) console.log(JSON.stringify(report.outputs, null, 2));
  else for (const line of report.lines) console.log(line);
  if (report.failure) {
    console.error(`pullback: ${report.failure}`);
    process.exitCode = 1;
  }
}
main().catch((error) => {
  console.error(`pullback: ${error.message ?? String(error)}`);
  if (process.env["PULLBACK_DEBUG"] === "1") console.error(error);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
