/**
 * The documents a new user reads point only at files the repository holds: every relative
 * Markdown link (and its #anchor, when it names a heading) resolves, and nothing refers to a
 * document outside the repository (the README once cited ../shared/docs/s3-backup-traps.md).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function documents(): string[] {
  const found = ['README.md', 'CHANGELOG.md', 'backup/README.md', 'restore/README.md', 'verify/README.md'].map((f) => join(root, f));
  for (const name of readdirSync(join(root, 'docs'))) if (name.endsWith('.md')) found.push(join(root, 'docs', name));
  return found.filter((f) => existsSync(f));
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchor(m[1]!)));
}

describe('links in the documentation', () => {
  it('every relative link resolves to a file of the repository, and its #anchor to a heading', () => {
    let checked = 0;
    for (const file of documents()) {
      const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        const [path, hash] = target.split('#') as [string, string | undefined];
        const resolved = path === '' ? file : resolve(dirname(file), path);
        const where = `${relative(root, file)}: ${target}`;
        assert.ok(resolved.startsWith(root + '/') || resolved === root, `${where} leaves the repository`);
        assert.ok(existsSync(resolved), `${where} does not exist`);
        if (hash && statSync(resolved).isFile() && resolved.endsWith('.md')) assert.ok(anchors(resolved).has(hash), `${where}: no heading with anchor #${hash}`);
        checked += 1;
      }
    }
    assert.ok(checked >= 30, `links were found (${checked})`);
  });

  it('nothing cites a document outside the repository', () => {
    for (const file of documents()) {
      assert.doesNotMatch(readFileSync(file, 'utf8'), /\.\.\/shared\/|\bshared\/docs\//, `${relative(root, file)} cites shared/, which users do not have`);
    }
    assert.ok(existsSync(join(root, 'docs', 's3-backup-traps.md')), 'the traps document is in docs/');
  });
});
