import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  run
} from "./chunks/chunk-JCJK2OVR.js";
import "./chunks/chunk-2OFQZQO2.js";
import "./chunks/chunk-EOROKPYU.js";
import "./chunks/chunk-EKUDSRVZ.js";
import "./chunks/chunk-62Y63P5L.js";
import "./chunks/chunk-WULSAGZO.js";
import "./chunks/chunk-CRCO44CK.js";
import "./chunks/chunk-LEEQLYU6.js";

// src/action/verify.ts
await run({ mode: "verify" });
