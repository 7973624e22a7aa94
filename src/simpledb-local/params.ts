// Reading an action's request parameters: the Query protocol's numbered lists (`Attribute.N.Name`),
// names and their byte limits, booleans and the Expected condition, each refused with SimpleDB's
// error code and the parameter's name.
import { fault, SdbFault } from './errors.ts';
import { utf8Length } from './item.ts';
import type { SimpleDbLimits } from './limits.ts';

export type Params = Map<string, string>;

export interface ReplaceableAttribute {
  name: string;
  value: string;
  replace: boolean;
}

export interface DeletableAttribute {
  name: string;
  /** Absent: every value of the name. */
  value?: string;
}

/** A conditional write's Expected clause (SimpleDB accepts one). */
export interface ExpectedCondition {
  name: string;
  value?: string;
  exists: boolean;
}

export interface ListGroup {
  index: number;
  fields: Map<string, string>;
  /** `prefix` + index + '.', for naming a field in an error. */
  keyPrefix: string;
}

/** Collects `prefix.N.field` groups, ordered by N (any positive N, gaps allowed). */
export function listGroups(params: Params, prefix: string, fields: readonly string[]): ListGroup[] {
  const byIndex = new Map<number, Map<string, string>>();
  // `prefix` N `.` field, N digits, read in place: a batch of 25 items has about 650 parameters,
  // and two substrings and a regular expression for each were most of the server's work on it.
  // Keys, not entries: an entry is an array made for each parameter.
  for (const k of params.keys()) {
    if (!k.startsWith(prefix)) continue;
    const dot = indexDigitsEnd(k, prefix.length);
    if (dot === -1) continue;
    let field: string | undefined;
    for (const f of fields) if (k.length === dot + 1 + f.length && k.startsWith(f, dot + 1)) field = f;
    if (field === undefined) continue;
    const v = params.get(k)!;
    const index = Number(k.slice(prefix.length, dot));
    if (index < 1 || !Number.isSafeInteger(index)) throw fault.invalidParameter(k, v, 'List indexes start at 1.');
    let g = byIndex.get(index);
    if (g === undefined) byIndex.set(index, (g = new Map<string, string>()));
    g.set(field, v);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([index, f]) => ({ index, fields: f, keyPrefix: `${prefix}${index}.` }));
}

/**
 * Where the digits of a list index that begins at `from` in `key` end: the position of the `.`
 * after them, or -1 when there is none, no digit, or anything but a digit before it.
 */
function indexDigitsEnd(key: string, from: number): number {
  let i = from;
  for (; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) break;
  }
  return i > from && i < key.length && key.charCodeAt(i) === 46 ? i : -1;
}

/**
 * A batch's parameters by item: every `Item.N.*` parameter (its key kept whole, so that errors name
 * it as sent) under N, in one pass. Each item's lists are then read from its own few parameters:
 * read from the whole batch's, a call of 25 items of 25 pairs scanned about 650 parameters 25 times,
 * a fifth of the server's CPU in a restore (issue 11).
 */
export function paramsByItem(params: Params): Map<number, Params> {
  const byIndex = new Map<number, Params>();
  for (const [k, v] of params) {
    if (!k.startsWith(ITEM_PREFIX)) continue;
    // As listGroups reads N: digits only; `Item.01.` and `Item.1.` are the same item.
    const dot = indexDigitsEnd(k, ITEM_PREFIX.length);
    if (dot === -1) continue;
    const index = Number(k.slice(ITEM_PREFIX.length, dot));
    let item = byIndex.get(index);
    if (item === undefined) byIndex.set(index, (item = new Map()));
    item.set(k, v);
  }
  return byIndex;
}

const ITEM_PREFIX = 'Item.';

export function requiredParam(params: Params, key: string): string {
  const v = params.get(key);
  if (v === undefined) throw fault.missing(key);
  return v;
}

export function booleanParam(params: Params, key: string): boolean | undefined {
  const v = params.get(key);
  if (v === undefined) return undefined;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw fault.invalidParameter(key, v, 'It must be true or false.');
}

/** Reads the parameters of one request against the configured name limits. */
export class ParamReader {
  constructor(private readonly limits: SimpleDbLimits) {}

  checkName(param: string, value: string, what: string): void {
    if (utf8Length(value) > this.limits.maxNameBytes) {
      throw fault.invalidParameter(param, value.length > 64 ? `${value.slice(0, 64)}...` : value, `${what} exceeds the maximum length of ${this.limits.maxNameBytes} bytes.`);
    }
  }

  itemName(params: Params, key = 'ItemName'): string {
    const v = requiredParam(params, key);
    if (v === '') throw fault.invalidParameter(key, v, 'The item name must not be empty.');
    this.checkName(key, v, 'Item name');
    return v;
  }

  replaceableAttributes(params: Params, prefix: string): ReplaceableAttribute[] {
    return listGroups(params, prefix, ['Name', 'Value', 'Replace']).map((g) => {
      const name = g.fields.get('Name');
      const value = g.fields.get('Value');
      if (name === undefined) throw fault.missing(`${g.keyPrefix}Name`);
      if (value === undefined) throw fault.missing(`${g.keyPrefix}Value`);
      if (name === '') throw fault.invalidParameter(`${g.keyPrefix}Name`, name, 'The attribute name must not be empty.');
      this.checkName(`${g.keyPrefix}Name`, name, 'Attribute name');
      this.checkName(`${g.keyPrefix}Value`, value, 'Attribute value');
      const r = g.fields.get('Replace');
      if (r !== undefined && r !== 'true' && r !== 'false') throw fault.invalidParameter(`${g.keyPrefix}Replace`, r, 'It must be true or false.');
      return { name, value, replace: r === 'true' };
    });
  }

  deletableAttributes(params: Params, prefix: string): DeletableAttribute[] {
    return listGroups(params, prefix, ['Name', 'Value']).map((g) => {
      const name = g.fields.get('Name');
      if (name === undefined) throw fault.missing(`${g.keyPrefix}Name`);
      this.checkName(`${g.keyPrefix}Name`, name, 'Attribute name');
      const value = g.fields.get('Value');
      if (value !== undefined) this.checkName(`${g.keyPrefix}Value`, value, 'Attribute value');
      return value === undefined ? { name } : { name, value };
    });
  }

  /** Expected.Name / Expected.Value / Expected.Exists, or the Expected.N.* form (one condition only). */
  expected(params: Params): ExpectedCondition | undefined {
    const plain = new Map<string, string>();
    for (const f of ['Name', 'Value', 'Exists']) {
      const v = params.get(`Expected.${f}`);
      if (v !== undefined) plain.set(f, v);
    }
    const numbered = listGroups(params, 'Expected.', ['Name', 'Value', 'Exists']);
    const conditions = [...(plain.size > 0 ? [{ fields: plain, keyPrefix: 'Expected.' }] : []), ...numbered];
    if (conditions.length === 0) return undefined;
    if (conditions.length > 1) throw new SdbFault('MultipleExpectedNames', 400, 'Only one Expected name may be given.');
    const { fields, keyPrefix } = conditions[0]!;
    const name = fields.get('Name');
    const value = fields.get('Value');
    const existsRaw = fields.get('Exists');
    if (existsRaw !== undefined && existsRaw !== 'true' && existsRaw !== 'false') {
      throw fault.invalidParameter(`${keyPrefix}Exists`, existsRaw, 'It must be true or false.');
    }
    if (name === undefined) throw new SdbFault('IncompleteExpectedExpression', 400, 'If Expected.Value or Expected.Exists is given, Expected.Name must be given too.');
    const exists = existsRaw !== 'false';
    if (!exists && value !== undefined) throw new SdbFault('ExistsAndExpectedValue', 400, 'Expected.Exists=false cannot be combined with Expected.Value.');
    if (exists && value === undefined) throw new SdbFault('IncompleteExpectedExpression', 400, 'If Expected.Exists=true or is absent, Expected.Value must be given.');
    return value === undefined ? { name, exists } : { name, value, exists };
  }
}
