// NextTokens: where a ListDomains or Select page stopped, tied to what it was issued for (a hash of
// the query's domain, where and order by), so a token is refused by any other query.
import type { SelectQuery } from './select.ts';

/** A Select position: after this row, or (a page that stopped before its first item) from the start. */
export type SelectPosition = { key: string | null; name: string } | { begin: true };

/** The shape ListDomains tokens are issued for. */
export const DOMAINS_SHAPE = 'domains';

/** What a Select token is valid for: the domain, where and order by (so select and count tokens interchange). */
export function queryShape(q: SelectQuery): string {
  return JSON.stringify([q.domain, q.where ?? null, q.orderBy ?? null], (k, v) => (k === 'id' ? undefined : v));
}

function shapeHash(shape: string): string {
  let h = 2166136261;
  for (let i = 0; i < shape.length; i++) {
    h ^= shape.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0).toString(36);
}

export function encodeToken(shape: string, position: SelectPosition | string): string {
  return Buffer.from(JSON.stringify({ s: shapeHash(shape), p: position }), 'utf8').toString('base64');
}

/** The domain name a ListDomains token resumes after, or undefined when it is not one of ours. */
export function decodeDomainsToken(token: string): string | undefined {
  const p = decode(token, DOMAINS_SHAPE);
  return typeof p === 'string' ? p : undefined;
}

/** The position a Select token resumes from, or undefined when it is not valid for this query shape. */
export function decodeSelectToken(token: string, shape: string): SelectPosition | undefined {
  const p = decode(token, shape) as { key?: unknown; name?: unknown; begin?: unknown } | null | undefined;
  if (p && typeof p === 'object' && p.begin === true) return { begin: true };
  if (!p || typeof p !== 'object' || typeof p.name !== 'string' || !(typeof p.key === 'string' || p.key === null)) return undefined;
  return { key: p.key, name: p.name };
}

function decode(token: string, shape: string): unknown {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { s?: unknown; p?: unknown };
    return t.s === shapeHash(shape) ? t.p : undefined;
  } catch {
    return undefined;
  }
}
