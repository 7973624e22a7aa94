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
  // `prefix` N `.` field, N digits. A batch's parameters are read once per item: no regex is built per call.
  for (const [k, v] of params) {
    if (!k.startsWith(prefix)) continue;
    const dot = k.indexOf('.', prefix.length);
    const digits = k.slice(prefix.length, dot);
    const field = k.slice(dot + 1);
    if (dot === -1 || !/^\d+$/.test(digits) || !fields.includes(field)) continue;
    const index = Number(digits);
    if (index < 1 || !Number.isSafeInteger(index)) throw fault.invalidParameter(k, v, 'List indexes start at 1.');
    const g = byIndex.get(index) ?? new Map<string, string>();
    g.set(field, v);
    byIndex.set(index, g);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([index, f]) => ({ index, fields: f, keyPrefix: `${prefix}${index}.` }));
}

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
