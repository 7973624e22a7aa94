import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);

// src/simpledb/sigv2.ts
import { createHmac } from "node:crypto";
var UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;
function rfc3986(value) {
  if (UNRESERVED_ONLY.test(value)) return value;
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function utf8Order(a, b) {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return surrogateLast(x) - surrogateLast(y);
  }
  return a.length - b.length;
}
var surrogateLast = (unit) => unit >= 55296 && unit <= 57343 ? unit + 65536 : unit;
function canonicalQuery(params) {
  return [...params].filter(([k]) => k !== "Signature").sort(([a], [b]) => utf8Order(a, b)).map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join("&");
}
function stringToSign(method, host, path, params) {
  return `${method.toUpperCase()}
${host.toLowerCase()}
${path === "" ? "/" : path}
${canonicalQuery(params)}`;
}
function signV2(secretAccessKey, signatureMethod, method, host, path, params) {
  const algorithm = signatureMethod === "HmacSHA1" ? "sha1" : "sha256";
  return createHmac(algorithm, secretAccessKey).update(stringToSign(method, host, path, params), "utf8").digest("base64");
}
function sigTimestamp(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export {
  signV2,
  sigTimestamp
};
