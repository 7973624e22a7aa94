import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);

// src/simpledb/sigv2.ts
import { createHmac } from "node:crypto";
function rfc3986(value) {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function byteCompare(a, b) {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
function canonicalQuery(params) {
  return [...params].filter(([k]) => k !== "Signature").sort(([a], [b]) => byteCompare(a, b)).map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join("&");
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
