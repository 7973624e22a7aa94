import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  run
} from "./chunks/chunk-BXK4GXMS.js";
import "./chunks/chunk-B7OQAT4Q.js";
import "./chunks/chunk-62MTDQLN.js";
import "./chunks/chunk-KRDNPNLR.js";
import "./chunks/chunk-T6WUWZX7.js";
import "./chunks/chunk-WULSAGZO.js";
import "./chunks/chunk-XGJOVDZ4.js";
import "./chunks/chunk-CRCO44CK.js";
import "./chunks/chunk-F5ZSK5F7.js";
import "./chunks/chunk-U545R25J.js";
import "./chunks/chunk-UVIE4DYZ.js";

// src/action/prune.ts
await run({ mode: "prune" });
