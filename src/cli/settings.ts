/**
 * One command's settings from its three sources, in order of precedence: flags, then the config
 * file, then PULLBACK_* variables. Only the command's own inputs are passed on (as a sub-action
 * reads only the inputs its action.yml declares), and each remembers where it came from, so an
 * error about a value can say where to change it.
 */
import type { InputName } from '../config/inputs.ts';
import type { RawSettings } from '../config/parse.ts';
import { environmentName } from './flags.ts';
import { nearest } from './suggest.ts';

export interface Settings {
  raw: RawSettings;
  /** Where each set input came from: `--concurrency`, `pullback.yaml`, `PULLBACK_CONCURRENCY`. */
  origins: Map<string, string>;
  /** Things worth a warning: a PULLBACK_* variable that looks like a misspelt input. */
  warnings: string[];
}

export interface SettingSources {
  /** The command's inputs. */
  inputs: readonly InputName[];
  /** Every input any command takes (a variable for another command is not a typo). */
  known: readonly string[];
  flags: Partial<Record<InputName, string>>;
  file?: { path: string; settings: RawSettings };
  env: NodeJS.ProcessEnv;
}

/** Variables of pullback's that are not inputs (the debug switch, the tests' Python). */
const OTHER_VARIABLES = new Set(['PULLBACK_DEBUG', 'PULLBACK_PYTHON', 'PULLBACK_CONFIG']);

export function gatherSettings(sources: SettingSources): Settings {
  const raw: RawSettings = {};
  const origins = new Map<string, string>();
  const warnings: string[] = [];
  for (const name of sources.inputs) {
    const variable = environmentName(name);
    const fromEnv = sources.env[variable];
    if (fromEnv !== undefined) {
      raw[name] = fromEnv;
      origins.set(name, variable);
    }
    const fromFile = sources.file?.settings[name];
    if (fromFile !== undefined) {
      raw[name] = fromFile;
      origins.set(name, sources.file!.path);
    }
    const fromFlag = sources.flags[name];
    if (fromFlag !== undefined) {
      raw[name] = fromFlag;
      origins.set(name, `--${name}`);
    }
  }
  const variables = sources.known.map(environmentName);
  for (const variable of Object.keys(sources.env)) {
    if (!variable.startsWith('PULLBACK_') || variables.includes(variable) || OTHER_VARIABLES.has(variable)) continue;
    const near = nearest(variable, variables);
    if (near) warnings.push(`${variable} is not a setting (did you mean ${near}?): it is ignored`);
  }
  return { raw, origins, warnings };
}

/** ` (set by --concurrency)`: where the value an error is about came from, if it was set. */
export function originOf(settings: Settings, input: string | undefined): string {
  const origin = input === undefined ? undefined : settings.origins.get(input);
  if (!origin) return '';
  return origin.startsWith('--') || origin.startsWith('PULLBACK_') ? ` (set by ${origin})` : ` (set in ${origin})`;
}
