import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  __commonJS,
  __require
} from "./chunk-UVIE4DYZ.js";

// lazy-http:https
var require_https = __commonJS({
  "lazy-http:https"(exports, module) {
    module.exports = __require("node:https");
  }
});

export {
  require_https
};
