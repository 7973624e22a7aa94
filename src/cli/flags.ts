/**
 * How each input reads as a flag: `--<input name>`, the same name as in action.yml, a config file
 * and PULLBACK_<NAME>. On/off inputs are bare flags with a `--no-` form; lists may be repeated;
 * every value is validated where the config is built (src/config/), so a flag, a file key and a
 * variable get the same message.
 */
import { Option } from 'commander';
import { Inputs, SecretInputs, type InputName } from '../config/inputs.ts';
import { INPUT_DOCS } from './input-docs.ts';
import { UsageError } from './exit-codes.ts';

/** On/off inputs: `--dry-run`, `--no-dry-run`, `--dry-run=false`. */
export const BOOLEAN_INPUTS: readonly InputName[] = [
  Inputs.dryRun,
  Inputs.restoreInPlace,
  Inputs.destinationUseSourceCredentials,
  Inputs.sourceForcePathStyle,
  Inputs.destinationForcePathStyle,
  Inputs.restoreTargetForcePathStyle,
];

/** Inputs that take several values: `--sources a --sources b` is `--sources a,b`. */
export const LIST_INPUTS: readonly InputName[] = [Inputs.sources, Inputs.simpledbDomains, Inputs.restoreSources, Inputs.restoreKeys, Inputs.verifySources, Inputs.include, Inputs.exclude, Inputs.filter];

const PLACEHOLDERS: Partial<Record<InputName, string>> = {
  [Inputs.sources]: 'bucket[/prefix]',
  [Inputs.destination]: 's3://bucket/prefix|dir',
  [Inputs.restoreTarget]: 's3://bucket/prefix|dir',
  [Inputs.simpledbDomains]: 'domain',
  [Inputs.restoreSources]: 'source',
  [Inputs.verifySources]: 'source',
  [Inputs.restoreKeys]: 'key',
  [Inputs.restoreTime]: 'time',
  [Inputs.restorePrefix]: 'prefix',
  [Inputs.restoreTargetDomain]: 'domain',
  [Inputs.concurrency]: 'n',
  [Inputs.mysqlPort]: 'port',
  [Inputs.overlap]: 'duration',
  [Inputs.maxDuration]: 'duration',
  [Inputs.shard]: 'i/n|commit',
  [Inputs.shardRun]: 'name',
  [Inputs.simpledbOverlap]: 'duration',
  [Inputs.simpledbDomainsAtOnce]: 'n',
  [Inputs.mysqlSslCa]: 'pem-text',
  [Inputs.stateFile]: 'file',
  [Inputs.mysqlUrl]: 'url',
  [Inputs.readData]: 'none|sample:N|all',
  [Inputs.serverSideCopy]: 'auto|never',
  [Inputs.listParallelism]: 'auto|N',
  [Inputs.listing]: 'live|inventory',
  [Inputs.inventoryManifest]: 's3://bucket/key',
  [Inputs.fullScan]: 'auto|always|never',
  [Inputs.mysqlSsl]: 'off|required|verify',
  [Inputs.confirmInPlace]: 'text',
  [Inputs.include]: 'glob',
  [Inputs.exclude]: 'glob',
  [Inputs.filter]: '+|- glob',
  [Inputs.minSize]: 'size',
  [Inputs.maxSize]: 'size',
  [Inputs.bandwidthLimit]: 'rate',
};

function placeholder(name: InputName): string {
  const fixed = PLACEHOLDERS[name];
  if (fixed) return fixed;
  if (name.endsWith('-endpoint')) return 'url';
  if (name.endsWith('-region')) return 'region';
  if (name.endsWith('-profile')) return 'profile';
  if ((SecretInputs as readonly string[]).includes(name)) return 'secret';
  return 'value';
}

/** The state file is the CLI's own: action.yml does not describe it. */
const CLI_ONLY_DOCS: Partial<Record<InputName, { description: string; default: string; group: string }>> = {
  [Inputs.stateFile]: {
    description: 'Where the CLI keeps its watermark hint (the catalogue and MySQL stay the durable record).',
    default: '.pullback/state.json',
    group: 'Output and config',
  },
};

export function inputDoc(name: InputName): { description: string; default: string; group: string } {
  const doc = name === Inputs.stateFile ? CLI_ONLY_DOCS[name] : INPUT_DOCS[name as Exclude<InputName, 'state-file'>];
  if (!doc) throw new Error(`no description for input ${name}: run npm run docs`);
  return doc;
}

/** The environment variable of an input: PULLBACK_DESTINATION_SECRET_ACCESS_KEY for destination-secret-access-key. */
export function environmentName(name: string): string {
  return `PULLBACK_${name.toUpperCase().replace(/-/g, '_')}`;
}

/** The help line's text: action.yml's description, the default when there is one, and where a secret is better kept. */
function helpText(name: InputName, required: boolean): string {
  const doc = inputDoc(name);
  const parts = [doc.description.replace(/ \(pass a secret\)/, '')];
  if (required) parts.push('(required)');
  else if (doc.default !== '') parts.push(`(default: ${doc.default})`);
  if ((SecretInputs as readonly string[]).includes(name)) parts.push(`Better in ${environmentName(name)} or a config file: a flag shows in the process list.`);
  // A filter rule may hold a comma (`- *.{jpg,png}`): rules are one per flag or line.
  if (name === Inputs.filter) parts.push('Repeat the flag, one rule each.');
  else if ((LIST_INPUTS as readonly string[]).includes(name)) parts.push('Repeat the flag or separate with commas.');
  return parts.join(' ');
}

/** The commander options of one input (an on/off input also gets its hidden `--no-` form). */
export function inputOptions(name: InputName, required: boolean): Option[] {
  const group = `${inputDoc(name).group}:`;
  if ((BOOLEAN_INPUTS as readonly string[]).includes(name)) {
    return [new Option(`--${name}`, helpText(name, required)).helpGroup(group), new Option(`--no-${name}`).hideHelp()];
  }
  const option = new Option(`--${name} <${placeholder(name)}>`, helpText(name, required)).helpGroup(group);
  if ((LIST_INPUTS as readonly string[]).includes(name)) option.argParser((value: string, previous: unknown) => (typeof previous === 'string' ? `${previous}\n${value}` : value));
  return [option];
}

/**
 * `--dry-run=false` and `--dry-run=true` as rclone takes them: rewritten to `--no-dry-run` and
 * `--dry-run` before parsing; any other value is a usage error.
 */
export function normaliseBooleanFlags(argv: readonly string[]): string[] {
  return argv.map((arg) => {
    // rclone's name for the bandwidth limit.
    if (arg === '--bwlimit' || arg.startsWith('--bwlimit=')) return arg.replace('--bwlimit', `--${Inputs.bandwidthLimit}`);
    const match = /^--([a-z0-9-]+)=(.*)$/.exec(arg);
    if (!match || !(BOOLEAN_INPUTS as readonly string[]).includes(match[1]!)) return arg;
    const value = match[2]!.trim();
    if (['true', 'True', 'TRUE'].includes(value)) return `--${match[1]}`;
    if (['false', 'False', 'FALSE'].includes(value)) return `--no-${match[1]}`;
    throw new UsageError(`--${match[1]} is on or off: write --${match[1]}, --no-${match[1]}, or --${match[1]}=true|false (got ${JSON.stringify(match[2])})`);
  });
}
