import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  require_http
} from "./chunk-U545R25J.js";
import "./chunk-UVIE4DYZ.js";
export default require_http();
