import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  run
} from "./chunks/chunk-WS5UH2GY.js";
import "./chunks/chunk-LPWTPDUO.js";
import "./chunks/chunk-62MTDQLN.js";
import "./chunks/chunk-3WCJQPQ3.js";
import "./chunks/chunk-CDSN4GM6.js";
import "./chunks/chunk-WULSAGZO.js";
import "./chunks/chunk-BMM2K3KS.js";
import "./chunks/chunk-CRCO44CK.js";
import "./chunks/chunk-F5ZSK5F7.js";
import "./chunks/chunk-U545R25J.js";
import "./chunks/chunk-UVIE4DYZ.js";

// src/action/restore.ts
await run({ mode: "restore" });
