import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  __commonJS,
  __require
} from "./chunk-UVIE4DYZ.js";

// lazy-http:http
var require_http = __commonJS({
  "lazy-http:http"(exports, module) {
    module.exports = __require("node:http");
  }
});

export {
  require_http
};
