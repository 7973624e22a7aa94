import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  AssumeRoleCommand,
  STSClient
} from "./chunk-FBNAOTG6.js";
import "./chunk-JNK7RKH7.js";
import "./chunk-XL3ETY4R.js";
import "./chunk-IISRSKCH.js";
import "./chunk-LWYQXBDB.js";
import "./chunk-VBJ5IQAM.js";
import "./chunk-F5ZSK5F7.js";
import "./chunk-45CSVOS6.js";
import "./chunk-K76ACAVU.js";
import "./chunk-Y5MBOEBQ.js";
import "./chunk-DHHFO7WK.js";
import "./chunk-2O546MQ3.js";
import "./chunk-UVIE4DYZ.js";
export {
  AssumeRoleCommand,
  STSClient
};
