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
  return canonicalOf(encodedPairs([...params].filter(([k]) => k !== "Signature")));
}
function encodedPairs(params) {
  const pairs = [];
  for (const [k, v] of params) pairs.push([k, `${rfc3986(k)}=${rfc3986(v)}`]);
  return pairs;
}
function canonicalOf(pairs) {
  return [...pairs].sort(([a], [b]) => utf8Order(a, b)).map(([, encoded]) => encoded).join("&");
}
function stringToSign(method, host, path, params) {
  return toSign(method, host, path, canonicalQuery(params));
}
function toSign(method, host, path, canonical) {
  return `${method.toUpperCase()}
${host.toLowerCase()}
${path === "" ? "/" : path}
${canonical}`;
}
function hmac(secretAccessKey, signatureMethod, text) {
  return createHmac(signatureMethod === "HmacSHA1" ? "sha1" : "sha256", secretAccessKey).update(text, "utf8").digest("base64");
}
function signV2(secretAccessKey, signatureMethod, method, host, path, params) {
  return hmac(secretAccessKey, signatureMethod, stringToSign(method, host, path, params));
}
function signedBody(secretAccessKey, signatureMethod, method, host, path, params) {
  const pairs = encodedPairs(params);
  const signature = hmac(secretAccessKey, signatureMethod, toSign(method, host, path, canonicalOf(pairs)));
  return `${pairs.map(([, encoded]) => encoded).join("&")}&Signature=${rfc3986(signature)}`;
}
function sigTimestamp(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export {
  signV2,
  signedBody,
  sigTimestamp
};
