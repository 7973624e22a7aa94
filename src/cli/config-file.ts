/**
 * `--config FILE`: settings in YAML or JSON, keyed by the flags' names (the action's input names).
 * A file is read whole (at most 1 MiB), must be one mapping of known names to scalars or lists of
 * scalars, and every mistake is a UsageError naming the file, the line when the parser knows it,
 * and the nearest valid key for an unknown one (`destinaton` is not silently ignored).
 */
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { Inputs } from '../config/inputs.ts';
import type { RawSettings } from '../config/parse.ts';
import { UsageError } from './exit-codes.ts';
import { nearest } from './suggest.ts';

export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

/** Where a value sits in the file, as the parser counts lines (1-based), for messages. */
function lineOf(text: string, node: Node | null | undefined): string {
  const offset = node?.range?.[0];
  if (offset === undefined) return '';
  return ` line ${text.slice(0, offset).split('\n').length}`;
}

/** A list's items and a scalar as the input's text: lists become lines, numbers and booleans their text. */
function settingText(file: string, text: string, key: string, given: Node | null, document: Document): string | undefined {
  // An alias (*name) stands for the node its anchor (&name) marks.
  const resolve = (node: Node | null): Node | null => (isAlias(node) ? ((node.resolve(document) as Node | undefined) ?? null) : node);
  const node = resolve(given);
  const scalarText = (given: Node | null): string => {
    const item = resolve(given);
    if (!isScalar(item)) throw new UsageError(`${file}${lineOf(text, item)}: \`${key}\` takes text, a number, true/false or a list of them, not a mapping`);
    const value = item.value;
    if (typeof value === 'string') return value;
    if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
    throw new UsageError(`${file}${lineOf(text, item)}: \`${key}\` has a value that is not text, a number or true/false`);
  };
  if (node === null || (isScalar(node) && node.value === null)) return undefined;
  if (isSeq(node)) return node.items.map((item) => scalarText(item as Node | null)).join('\n');
  return scalarText(node);
}

/**
 * The settings of one config file. `known` are the names a file may set (any command's inputs:
 * one file may serve backup, restore and verify); the caller keeps those its command takes.
 */
export async function readConfigFile(file: string, known: readonly string[]): Promise<RawSettings> {
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UsageError(`--config ${file}: not a file`);
    if (info.size > MAX_CONFIG_FILE_BYTES) throw new UsageError(`--config ${file}: ${info.size} bytes; a config file holds settings, at most ${MAX_CONFIG_FILE_BYTES} bytes`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--config ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  // JSON is YAML: one parser for both gives line numbers and refuses duplicate keys in either.
  const json = extname(file).toLowerCase() === '.json';
  const document = parseDocument(text, { schema: json ? 'json' : 'core', uniqueKeys: true, prettyErrors: false });
  const problem = document.errors[0];
  if (problem) {
    const line = problem.linePos?.[0]?.line ?? text.slice(0, problem.pos[0]).split('\n').length;
    throw new UsageError(`${file}${line ? ` line ${line}` : ''}: not valid ${json ? 'JSON' : 'YAML'} (${problem.message.split('\n')[0]})`);
  }
  const root = document.contents;
  if (root === null || (isScalar(root) && root.value === null)) return {};
  if (!isMap(root)) throw new UsageError(`${file}: must be a mapping of settings (destination: s3://bucket/prefix), not ${isSeq(root) ? 'a list' : 'a single value'}`);

  const settings: RawSettings = {};
  for (const pair of root.items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
    if (key === undefined) throw new UsageError(`${file}${lineOf(text, keyNode)}: a key must be a setting's name`);
    if (key === Inputs.mode) throw new UsageError(`${file}${lineOf(text, keyNode)}: \`mode\` is the command's to choose (pullback backup, restore or verify), not a setting of the file`);
    if (!known.includes(key)) {
      const near = nearest(key, known);
      throw new UsageError(`${file}${lineOf(text, keyNode)}: unknown setting \`${key}\`${near ? ` (did you mean \`${near}\`?)` : ''}; the keys are the flags' names (pullback <command> --help)`);
    }
    const value = settingText(file, text, key, pair.value as Node | null, document);
    if (value !== undefined) settings[key] = value;
  }
  return settings;
}
