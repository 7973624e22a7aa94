import * as core from '@actions/core';
import { Inputs, ActionInputNames, SecretInputs, type InputName } from '../config/inputs.ts';
import { choiceSetting, type RawSettings } from '../config/parse.ts';
import { runMode } from '../app/run-mode.ts';
import { MODES, type Mode } from '../config/build.ts';
import { ActionsCacheWatermarkStore, configHash } from '../watermark/actions-cache-store.ts';
import { actionsLogger } from './logger.ts';
import { SUB_ACTION_INPUTS } from './sub-action-inputs.ts';

/**
 * The inputs `names` as the runner passes them (INPUT_* variables), secrets masked before any log
 * line. An input left out of `names` stays unset (undefined), whatever the environment holds.
 */
export function readInputs(names: readonly InputName[] = ActionInputNames): RawSettings {
  const raw: RawSettings = {};
  for (const name of names) raw[name] = core.getInput(name);
  for (const name of SecretInputs) {
    const value = raw[name];
    if (value) core.setSecret(value);
  }
  // A password inside a connection URL is a secret of its own.
  const url = raw[Inputs.mysqlUrl];
  if (url) {
    try {
      const password = decodeURIComponent(new URL(url).password);
      if (password) core.setSecret(password);
    } catch {
      // validated (with a message naming the input) where the URL is parsed
    }
  }
  return raw;
}

export interface RunOptions {
  /**
   * The sub-actions (backup/, restore/, verify/) fix their mode and read only the inputs their
   * action.yml declares (sub-action-inputs.ts). Without it, the root action: the `mode` input
   * chooses, and every input is read.
   */
  mode?: Mode;
}

export async function run(options: RunOptions = {}): Promise<void> {
  try {
    const raw = readInputs(options.mode ? SUB_ACTION_INPUTS[options.mode] : ActionInputNames);
    const mode = options.mode ?? choiceSetting(raw, Inputs.mode, MODES, 'backup');
    const report = await runMode(mode, raw, {
      logger: actionsLogger,
      watermarkStore: (backend, configuration) =>
        new ActionsCacheWatermarkStore({
          configHash: configHash({ backend, configuration }),
          runId: process.env['GITHUB_RUN_ID'] ?? `local-${Date.now()}`,
          // Two pullback steps of one job share the run id and attempt: the step id keeps keys apart.
          runAttempt: `${process.env['GITHUB_RUN_ATTEMPT'] ?? '1'}${process.env['GITHUB_ACTION'] ? `-${process.env['GITHUB_ACTION'].replace(/[^A-Za-z0-9_.-]/g, '_')}` : ''}`,
          tempDir: process.env['RUNNER_TEMP'] ?? '/tmp',
          warn: (m) => core.warning(m),
          info: (m) => core.info(m),
        }),
    });
    for (const [name, value] of Object.entries(report.outputs)) core.setOutput(name, value);
    await core.summary.addRaw(report.summary).write();
    if (report.failure) core.setFailed(report.failure);
  } catch (error) {
    if (error instanceof Error) {
      core.debug(error.stack ?? error.message);
      core.setFailed(error.message);
    } else core.setFailed(String(error));
  }
}
