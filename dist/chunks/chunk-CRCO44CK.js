import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);

// src/config/errors.ts
var ConfigError = class extends Error {
  constructor(input, message, options) {
    super(`input \`${input}\`: ${message}`, options);
    this.input = input;
    this.name = "ConfigError";
  }
  input;
};

export {
  ConfigError
};
