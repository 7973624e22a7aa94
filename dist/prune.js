import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  run
} from "./chunks/chunk-ZIYXLQHH.js";
import "./chunks/chunk-HR74HAXY.js";
import "./chunks/chunk-2ZARRT6M.js";
import "./chunks/chunk-VGFZF7XK.js";
import "./chunks/chunk-KVK4D5F4.js";
import "./chunks/chunk-WULSAGZO.js";
import "./chunks/chunk-OGCTJ6IA.js";
import "./chunks/chunk-BMM2K3KS.js";
import "./chunks/chunk-CRCO44CK.js";
import "./chunks/chunk-UVIE4DYZ.js";

// src/action/prune.ts
await run({ mode: "prune" });
