import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeTargetSegment, parseTargetName, targetNaming, targetRelativePath } from '../../src/stores/object/local/target-names.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import { keyToRelativePath } from '../../src/stores/object/local/paths.ts';

const awkward = [
  'photos/2026/cat.jpg',
  'symbols+.txt',
  'spaces and + plus % percent & amp',
  '100%',
  '%',
  '%2B',
  '%+',
  '%@',
  'a%@',
  '..',
  '.',
  '../../etc/passwd',
  '/absolute/path',
  'a/./b/../c',
  'dir/',
  'a//b',
  '',
  'back\\slash',
  'ctrl\u0001char\u007f',
  'new\nline',
  'emoji/😀/ünïcødé',
  '.pullback-tmp-abc',
  '.pullback-restore-probe-1',
  '.hidden',
  'x'.repeat(1024),
  'é'.repeat(512),
  '😀'.repeat(200),
  '%'.repeat(300),
  'trailing+',
];

/** Decodes a relative path as the folder walk does: pieces join without `/`, displaced files read as their key. */
function decode(path: string): string {
  let key = '';
  for (const name of path.split('/')) {
    const parsed = parseTargetName(name);
    key += parsed.text + (parsed.kind === 'piece' ? '' : '/');
  }
  return key.slice(0, -1);
}

describe('restore target names', () => {
  it('round-trip every key exactly', () => {
    for (const key of awkward) assert.equal(decode(targetRelativePath(key, 'linux')), key, JSON.stringify(key));
  });
  it('keep real names wherever a file system can hold them', () => {
    assert.equal(targetRelativePath('photos/2026/cat.jpg'), 'photos/2026/cat.jpg');
    assert.equal(targetRelativePath('symbols+.txt'), 'symbols+.txt');
    assert.equal(targetRelativePath('spaces and + plus & amp'), 'spaces and + plus & amp');
    assert.equal(targetRelativePath('back\\slash', 'linux'), 'back\\slash');
    assert.equal(targetRelativePath('emoji/😀/ünïcødé'), 'emoji/😀/ünïcødé');
    assert.equal(targetRelativePath('.hidden'), '.hidden');
  });
  it('encode only what a file system cannot hold', () => {
    assert.equal(targetRelativePath('100%'), '100%25');
    assert.equal(targetRelativePath('.'), '%2E');
    assert.equal(targetRelativePath('..'), '%2E%2E');
    assert.equal(targetRelativePath('dir/'), 'dir/%');
    assert.equal(targetRelativePath('ctrl\u0001'), 'ctrl%01');
    assert.equal(targetRelativePath('.pullback-tmp-x'), '%2Epullback-tmp-x');
    assert.equal(targetRelativePath('back\\slash', 'win32'), 'back%5Cslash');
    assert.equal(targetRelativePath('a:b?', 'win32'), 'a%3Ab%3F');
  });
  it('never make a name longer than a file name may be, nor a special one', () => {
    for (const key of awkward) {
      for (const name of targetRelativePath(key).split('/')) {
        assert.ok(!['', '.', '..'].includes(name), `${JSON.stringify(key)} makes ${JSON.stringify(name)}`);
        // Room for the 2-byte displaced marker, which a collision may add.
        assert.ok(Buffer.byteLength(name) <= 255, `${JSON.stringify(key)}: ${Buffer.byteLength(name)} bytes`);
        assert.ok(Buffer.byteLength(targetNaming().displacedName!(name)) <= 255 || name.endsWith('%+'));
      }
    }
  });
  it('split over-long segments between whole characters', () => {
    const pieces = encodeTargetSegment('😀'.repeat(200));
    assert.ok(pieces.length > 1);
    for (const piece of pieces) assert.ok(!piece.includes('\ufffd'));
    assert.equal(pieces.map((p) => parseTargetName(p).text).join(''), '😀'.repeat(200));
  });
  it('read any other name as itself (files someone else put there)', () => {
    assert.equal(parseTargetName('caf%C3%A9').text, 'caf%C3%A9');
    assert.equal(parseTargetName('100%.txt').text, '100%.txt');
    assert.equal(parseTargetName('old%2Bname').text, 'old+name', 'names from the earlier naming are recognised');
  });
  it("differ from the destination's naming, which is unchanged", () => {
    assert.equal(keyToRelativePath('symbols+.txt'), 'symbols%2B.txt');
    assert.deepEqual(destinationNaming.fileComponents('data/b/symbols+.txt@1'), ['data', 'b', 'symbols%2B.txt@1']);
    assert.equal(destinationNaming.parse('symbols%2B.txt@1').text, 'symbols+.txt@1');
    assert.deepEqual(destinationNaming.parse('long+'), { text: 'long', kind: 'piece' });
  });
});
