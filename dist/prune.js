import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  run
} from "./chunks/chunk-Z26C2HNA.js";
import "./chunks/chunk-EVH6KZRQ.js";
import "./chunks/chunk-2ZARRT6M.js";
import "./chunks/chunk-7PFMDYGT.js";
import "./chunks/chunk-PZXCZ5L2.js";
import "./chunks/chunk-WULSAGZO.js";
import "./chunks/chunk-OGCTJ6IA.js";
import "./chunks/chunk-BMM2K3KS.js";
import "./chunks/chunk-JTCAABZB.js";
import "./chunks/chunk-UVIE4DYZ.js";

// src/action/prune.ts
await run({ mode: "prune" });
