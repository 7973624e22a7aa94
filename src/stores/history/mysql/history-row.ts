// A history row as read back from MySQL is checked, not trusted: anyone with write access to the
// database (or a damaged page) can change it. These checks say what a SimpleDB item must look like;
// the content hash is checked by the reader that knows how it is computed (backends/simpledb/history.ts).
import { emptyNameMap, type AttributeMap } from '../types.ts';

/** SimpleDB's limits (the Developer Guide's SDBLimits): what no real item ever exceeds. */
const MAX_NAME_BYTES = 1024;
const MAX_PAIRS = 256;

export type Decoded<T> = { ok: true; value: T } | { ok: false; damage: string };

/** An item name from its VARBINARY bytes: valid UTF-8 (it came from SimpleDB as text), 1-1024 bytes. */
export function decodeItemName(bytes: Buffer): Decoded<string> {
  const name = bytes.toString('utf8');
  if (!Buffer.from(name, 'utf8').equals(bytes)) return { ok: false, damage: 'the item name is not valid UTF-8' };
  if (bytes.length === 0 || bytes.length > MAX_NAME_BYTES) return { ok: false, damage: `the item name is ${bytes.length} bytes (SimpleDB allows 1-${MAX_NAME_BYTES})` };
  return { ok: true, value: name };
}

/**
 * The `attributes` column of a live version: a JSON object of attribute name -> non-empty array of
 * distinct strings, names and values at most 1024 bytes, at most 256 pairs. Anything else is damage,
 * described for the error. The result has a null prototype, so any name (`__proto__` too) is data.
 */
export function decodeAttributes(raw: unknown): Decoded<AttributeMap> {
  let parsed: unknown = raw;
  if (typeof raw === 'string' || Buffer.isBuffer(raw)) {
    try {
      parsed = JSON.parse(raw.toString());
    } catch {
      return { ok: false, damage: 'the attributes are not valid JSON' };
    }
  }
  if (parsed === null || parsed === undefined) return { ok: false, damage: 'the attributes are missing (NULL) on a live version' };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, damage: 'the attributes are not a JSON object of name -> values' };
  const attributes: AttributeMap = emptyNameMap();
  let pairs = 0;
  for (const [name, values] of Object.entries(parsed as Record<string, unknown>)) {
    const label = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}...` : name);
    if (Buffer.byteLength(name) > MAX_NAME_BYTES) return { ok: false, damage: `attribute ${label} has a name over ${MAX_NAME_BYTES} bytes` };
    if (!Array.isArray(values) || values.length === 0) return { ok: false, damage: `attribute ${label} is not a non-empty array of values` };
    for (const value of values) {
      if (typeof value !== 'string') return { ok: false, damage: `attribute ${label} has a value that is not a string` };
      if (Buffer.byteLength(value) > MAX_NAME_BYTES) return { ok: false, damage: `attribute ${label} has a value over ${MAX_NAME_BYTES} bytes` };
    }
    if (new Set(values).size !== values.length) return { ok: false, damage: `attribute ${label} repeats a value` };
    pairs += values.length;
    attributes[name] = values as string[];
  }
  if (pairs > MAX_PAIRS) return { ok: false, damage: `the item has ${pairs} name-value pairs (SimpleDB allows ${MAX_PAIRS})` };
  return { ok: true, value: attributes };
}
