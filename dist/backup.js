import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  run
} from "./chunks/chunk-A2FBL46U.js";
import "./chunks/chunk-N5TNULFO.js";
import "./chunks/chunk-4LDDCW7Q.js";
import "./chunks/chunk-OKM47Y3X.js";
import "./chunks/chunk-T5KKVNZB.js";
import "./chunks/chunk-WULSAGZO.js";
import "./chunks/chunk-CRCO44CK.js";
import "./chunks/chunk-LEEQLYU6.js";

// src/action/backup.ts
await run({ mode: "backup" });
