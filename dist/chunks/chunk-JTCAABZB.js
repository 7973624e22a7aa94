import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);

// src/config/errors.ts
var ConfigError = class extends Error {
  constructor(input, detail, options) {
    super(`input \`${input}\`: ${detail}`, options);
    this.input = input;
    this.detail = detail;
    this.name = "ConfigError";
  }
  input;
  detail;
};

export {
  ConfigError
};
