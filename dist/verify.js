import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  run
} from "./chunks/chunk-AFW357IB.js";
import "./chunks/chunk-LSXT2VWZ.js";
import "./chunks/chunk-HVRCCS42.js";
import "./chunks/chunk-FPB7BQAS.js";
import "./chunks/chunk-H5OO4H3V.js";
import "./chunks/chunk-WULSAGZO.js";
import "./chunks/chunk-CRCO44CK.js";
import "./chunks/chunk-LEEQLYU6.js";

// src/action/verify.ts
await run({ mode: "verify" });
