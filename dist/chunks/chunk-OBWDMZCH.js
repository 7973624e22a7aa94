import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  RestoreError
} from "./chunk-UXJ5RJX5.js";
import {
  ConfigError
} from "./chunk-JTCAABZB.js";

// src/cli/exit-codes.ts
var ExitCode = { ok: 0, failed: 1, usage: 2, partial: 3 };
var UsageError = class extends Error {
  constructor(message, command) {
    super(message);
    this.command = command;
    this.name = "UsageError";
  }
  command;
};
function isUsageError(error) {
  return error instanceof UsageError || error instanceof ConfigError || error instanceof RestoreError && error.input !== void 0;
}
function exitCodeForError(error) {
  return isUsageError(error) ? ExitCode.usage : ExitCode.failed;
}

// src/cli/suggest.ts
function editDistance(a, b) {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const d = Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_2, j) => i === 0 ? j : j === 0 ? i : 0));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2][j - 2] + 1);
      d[i][j] = best;
    }
  }
  return d[a.length][b.length];
}
function nearest(typed, candidates) {
  const squash = (text) => text.toLowerCase().replace(/[-_]/g, "");
  let best;
  for (const name of candidates) {
    if (squash(name) === squash(typed)) return name;
    const distance = editDistance(typed.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  const allowed = Math.min(4, Math.max(1, Math.floor(typed.length / 3)));
  return best && best.distance <= allowed ? best.name : void 0;
}

export {
  ExitCode,
  UsageError,
  isUsageError,
  exitCodeForError,
  nearest
};
