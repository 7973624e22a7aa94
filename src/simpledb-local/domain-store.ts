// The server's domains, and their optional JSON file (loaded at start, rewritten after every change
// through a temporary file and a rename, so a crash leaves the old file or the new one).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { compareKeys } from '../plan/keys.ts';
import { Domain } from './domain.ts';
import type { Attrs } from './item.ts';

type StoredDomains = Record<string, Record<string, Record<string, string[]>>>;

export class DomainStore {
  readonly #domains = new Map<string, Domain>();

  constructor(
    private readonly lagMs: number,
    private readonly now: () => number,
    private readonly persistPath?: string,
  ) {
    if (persistPath) this.#load(persistPath);
  }

  get size(): number {
    return this.#domains.size;
  }

  get(name: string): Domain | undefined {
    return this.#domains.get(name);
  }

  /** Domain names in UTF-8 byte order. */
  names(): string[] {
    return [...this.#domains.keys()].sort(compareKeys);
  }

  create(name: string): Domain {
    const d = new Domain(name, this.lagMs, this.now);
    this.#domains.set(name, d);
    return d;
  }

  delete(name: string): boolean {
    return this.#domains.delete(name);
  }

  clear(): void {
    this.#domains.clear();
  }

  /** Writes every domain to the file, when there is one. */
  save(): void {
    if (!this.persistPath) return;
    const out: StoredDomains = {};
    for (const [name, d] of this.#domains) {
      const items: Record<string, Record<string, string[]>> = {};
      for (const [itemName, attrs] of d.items) items[itemName] = Object.fromEntries(attrs);
      out[name] = items;
    }
    const tmp = `${this.persistPath}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, domains: out }));
    renameSync(tmp, this.persistPath);
  }

  #load(path: string): void {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // first start: created on the first write
      throw new Error(`cannot read the SimpleDB data file ${path}: ${(err as Error).message}`);
    }
    const domains = parseStoredDomains(text, path);
    for (const [name, items] of Object.entries(domains)) {
      const d = this.create(name);
      for (const [itemName, attrs] of Object.entries(items)) {
        const a: Attrs = new Map(Object.entries(attrs).map(([k, v]) => [k, [...v]]));
        d.restore(itemName, a);
      }
    }
  }
}

/** The file's domains, checked to be the shape `save` writes (so a damaged file fails here, by name, not later). */
function parseStoredDomains(text: string, path: string): StoredDomains {
  const damaged = (why: string): Error =>
    new Error(`the SimpleDB data file ${path} is damaged (${why}); move it away to start with no data, or restore it from a copy`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw damaged((err as Error).message);
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(data)) throw damaged('not a JSON object');
  const domains = data['domains'] ?? {};
  if (!isObject(domains)) throw damaged('"domains" is not an object');
  for (const [name, items] of Object.entries(domains)) {
    if (!isObject(items)) throw damaged(`domain ${JSON.stringify(name)} is not an object`);
    for (const [itemName, attrs] of Object.entries(items)) {
      if (!isObject(attrs)) throw damaged(`item ${JSON.stringify(itemName)} of ${JSON.stringify(name)} is not an object`);
      for (const [attr, values] of Object.entries(attrs)) {
        if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
          throw damaged(`attribute ${JSON.stringify(attr)} of item ${JSON.stringify(itemName)} is not a list of strings`);
        }
      }
    }
  }
  return domains as StoredDomains;
}
