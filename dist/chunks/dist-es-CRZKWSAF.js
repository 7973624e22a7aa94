import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  credentialsTreatedAsExpired,
  credentialsWillNeedRefresh,
  defaultProvider
} from "./chunk-W2G4KEMU.js";
import "./chunk-ZGQXKJB4.js";
import "./chunk-J4N6SJJF.js";
import "./chunk-K76ACAVU.js";
import "./chunk-OLUTHHNC.js";
import "./chunk-DHHFO7WK.js";
import "./chunk-2O546MQ3.js";
import "./chunk-UVIE4DYZ.js";
export {
  credentialsTreatedAsExpired,
  credentialsWillNeedRefresh,
  defaultProvider
};
