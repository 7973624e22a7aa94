import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  credentialsTreatedAsExpired,
  credentialsWillNeedRefresh,
  defaultProvider
} from "./chunk-3JRLDGHS.js";
import "./chunk-U3XFJUXQ.js";
import "./chunk-45CSVOS6.js";
import "./chunk-K76ACAVU.js";
import "./chunk-Y5MBOEBQ.js";
import "./chunk-DHHFO7WK.js";
import "./chunk-2O546MQ3.js";
import "./chunk-UVIE4DYZ.js";
export {
  credentialsTreatedAsExpired,
  credentialsWillNeedRefresh,
  defaultProvider
};
