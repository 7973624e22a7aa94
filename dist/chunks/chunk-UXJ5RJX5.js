import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);

// src/backends/restore-error.ts
var ABOUT_AN_INPUT = /^input `([a-z0-9-]+)`:/;
var RestoreError = class extends Error {
  input;
  /** The message without its input `<name>`: opening (all of it when it names no input). */
  detail;
  constructor(message, options) {
    super(message, options);
    this.name = "RestoreError";
    const about = ABOUT_AN_INPUT.exec(message);
    this.input = about?.[1];
    this.detail = about ? message.slice(about[0].length).trimStart() : message;
  }
};

export {
  RestoreError
};
