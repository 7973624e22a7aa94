import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);

// src/stores/history/types.ts
var LATEST_VERSION_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
var MemberlessObject = function MemberlessObject2() {
};
MemberlessObject.prototype = Object.freeze(/* @__PURE__ */ Object.create(null));
function emptyNameMap() {
  return new MemberlessObject();
}

export {
  LATEST_VERSION_MS,
  emptyNameMap
};
