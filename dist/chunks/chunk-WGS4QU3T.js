import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);

// src/backends/restore-error.ts
var ABOUT_AN_INPUT = /^input `([a-z0-9-]+)`:/;
var RestoreError = class extends Error {
  input;
  constructor(message, options) {
    super(message, options);
    this.name = "RestoreError";
    this.input = ABOUT_AN_INPUT.exec(message)?.[1];
  }
};

export {
  RestoreError
};
