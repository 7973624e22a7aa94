import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve, sep } from 'node:path';
import { keyToRelativePath, pathInside, relativePathToKey } from '../../src/stores/object/local/paths.ts';

const awkward = [
  'photos/2026/cat.jpg',
  '../../etc/passwd',
  '/absolute/path',
  'a/./b/../c',
  'dir/',
  'a//b',
  '..',
  '.',
  'spaces and + plus % percent & amp',
  'back\\slash',
  'ctrl\u0001char',
  'emoji/😀/ünïcødé',
  'x'.repeat(1024),
  'é'.repeat(512),
  'trailing+',
  '%',
];

describe('local destination paths', () => {
  it('round-trip every key exactly', () => {
    for (const key of awkward) assert.equal(relativePathToKey(keyToRelativePath(key)), key, key);
  });
  it('never leave the root, whatever the key', () => {
    const root = resolve('/tmp/pullback-root');
    for (const key of awkward) {
      const path = pathInside(root, key);
      assert.ok(path.startsWith(root + sep), `${key} -> ${path}`);
      for (const segment of path.slice(root.length + 1).split(sep)) {
        assert.ok(segment !== '..' && segment !== '.' && segment !== '', `${key} has segment ${segment}`);
        assert.ok(Buffer.byteLength(segment) <= 255, `${key} has a segment of ${Buffer.byteLength(segment)} bytes`);
      }
    }
  });
  it('keeps ordinary keys readable', () => {
    assert.equal(keyToRelativePath('photos/2026/cat.jpg'), join('photos', '2026', 'cat.jpg'));
  });
});
