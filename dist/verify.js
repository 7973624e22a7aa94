import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  run
} from "./chunks/chunk-LGS5GQXE.js";
import "./chunks/chunk-RRX66TWD.js";
import "./chunks/chunk-X76LDJOX.js";
import "./chunks/chunk-IPZ65CHQ.js";
import "./chunks/chunk-RQIPDV7L.js";
import "./chunks/chunk-WULSAGZO.js";
import "./chunks/chunk-CRCO44CK.js";
import "./chunks/chunk-LEEQLYU6.js";

// src/action/verify.ts
await run({ mode: "verify" });
