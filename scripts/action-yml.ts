/**
 * Reads the inputs and outputs of action.yml without a YAML dependency. The file keeps a fixed
 * shape (two-space indentation, `description` and `default` as one-line scalars), which this reader
 * relies on and checks: anything it does not understand is an error, not a silent skip.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ActionInput {
  name: string;
  description: string;
  /** The default as the runner passes it (quotes removed); undefined when there is none. */
  default: string | undefined;
  required: boolean;
  /** The `# comment` heading the group this input belongs to, if any. */
  group: string | undefined;
}

export interface ActionOutput {
  name: string;
  description: string;
}

export interface ActionMetadata {
  inputs: ActionInput[];
  outputs: ActionOutput[];
  using: string | undefined;
  main: string | undefined;
}

export const actionYmlPath = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'action.yml');

function scalar(text: string): string {
  const value = text.trim();
  if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) return value.slice(1, -1).replace(/''/g, "'");
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) return JSON.parse(value) as string;
  return value;
}

export function parseActionYml(text: string): ActionMetadata {
  const inputs: ActionInput[] = [];
  const outputs: ActionOutput[] = [];
  let section: 'inputs' | 'outputs' | 'runs' | 'other' = 'other';
  let group: string | undefined;
  let current: ActionInput | ActionOutput | undefined;
  let using: string | undefined;
  let main: string | undefined;
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    const top = /^([A-Za-z_-]+):(.*)$/.exec(line);
    if (top) {
      section = top[1] === 'inputs' || top[1] === 'outputs' || top[1] === 'runs' ? top[1] : 'other';
      current = undefined;
      group = undefined;
      continue;
    }
    if (section === 'runs') {
      const field = /^ {2}(using|main):\s*(.+)$/.exec(line);
      if (field?.[1] === 'using') using = scalar(field[2]!);
      if (field?.[1] === 'main') main = scalar(field[2]!);
      continue;
    }
    if (section === 'other') continue;
    const comment = /^ {2}#\s*(.*)$/.exec(line);
    if (comment) {
      group = comment[1]!.replace(/\s*\(.*\)\s*$/, '');
      continue;
    }
    const name = /^ {2}([a-z0-9-]+):\s*$/.exec(line);
    if (name) {
      if (section === 'inputs') {
        current = { name: name[1]!, description: '', default: undefined, required: false, group };
        inputs.push(current);
      } else {
        current = { name: name[1]!, description: '' };
        outputs.push(current);
      }
      continue;
    }
    const field = /^ {4}(description|default|required):\s*(.*)$/.exec(line);
    if (field && current) {
      const value = scalar(field[2]!);
      if (field[1] === 'description') current.description = value;
      else if ('required' in current && field[1] === 'default') current.default = value;
      else if ('required' in current && field[1] === 'required') current.required = value === 'true';
      continue;
    }
    throw new Error(`action.yml line ${index + 1} is not in the shape scripts/action-yml.ts reads: ${JSON.stringify(line)}`);
  }
  return { inputs, outputs, using, main };
}

export function readActionYml(path = actionYmlPath): ActionMetadata {
  return parseActionYml(readFileSync(path, 'utf8'));
}

/**
 * The environment the runner builds from a step's `with:`: one `INPUT_<NAME>` per input that has a
 * value or a default (name upper-cased, spaces to underscores, hyphens kept, as @actions/core's
 * getInput reads it).
 */
export function inputEnvironment(metadata: ActionMetadata, given: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  const known = new Set(metadata.inputs.map((i) => i.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) throw new Error(`action.yml has no input named ${name}`);
  }
  for (const input of metadata.inputs) {
    const value = given[input.name] ?? input.default;
    if (value !== undefined) env[inputVariable(input.name)] = value;
  }
  return env;
}

export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
