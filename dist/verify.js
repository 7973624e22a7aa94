import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  run
} from "./chunks/chunk-DFIMFXJP.js";
import "./chunks/chunk-YUMKKIO6.js";
import "./chunks/chunk-2ZARRT6M.js";
import "./chunks/chunk-GP7RUDTW.js";
import "./chunks/chunk-EKYJ357X.js";
import "./chunks/chunk-WULSAGZO.js";
import "./chunks/chunk-OGCTJ6IA.js";
import "./chunks/chunk-BMM2K3KS.js";
import "./chunks/chunk-JTCAABZB.js";
import "./chunks/chunk-UVIE4DYZ.js";

// src/action/verify.ts
await run({ mode: "verify" });
