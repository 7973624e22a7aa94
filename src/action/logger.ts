import * as core from '@actions/core';
import type { Logger } from '../report/logger.ts';

/** The engine's log through the Actions toolkit: groups per phase, annotations for warnings. */
export const actionsLogger: Logger = {
  info: (m) => core.info(m),
  warn: (m) => core.warning(m),
  error: (m) => core.error(m),
  debug: (m) => core.debug(m),
  group: (name, body) => core.group(name, body),
};
