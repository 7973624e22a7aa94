import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  run
} from "./chunks/chunk-L7VFYYBS.js";
import "./chunks/chunk-7FNKWKHA.js";
import "./chunks/chunk-4LDDCW7Q.js";
import "./chunks/chunk-FRPGMKHC.js";
import "./chunks/chunk-ZMKUKJ22.js";
import "./chunks/chunk-WULSAGZO.js";
import "./chunks/chunk-CRCO44CK.js";
import "./chunks/chunk-LEEQLYU6.js";

// src/action/restore.ts
await run({ mode: "restore" });
