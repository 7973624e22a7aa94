import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FilterPatternError, globToRegExp, KeyFilter, relativeKey, splitPatterns, type FilterSpec } from '../../src/plan/filter.ts';

const spec = (s: Partial<FilterSpec>): FilterSpec => ({ include: [], exclude: [], rules: [], ...s });

describe('glob patterns (rclone semantics)', () => {
  // [pattern, key, matches]
  const cases: [string, string, boolean][] = [
    // unanchored: the end of the key at a segment boundary
    ['file.jpg', 'file.jpg', true],
    ['file.jpg', 'dir/file.jpg', true],
    ['file.jpg', 'afile.jpg', false],
    ['file.jpg', 'file.jpg/x', false],
    ['*.jpg', 'a.jpg', true],
    ['*.jpg', 'deep/er/a.jpg', true],
    ['*.jpg', 'a.jpeg', false],
    ['*.jpg', '.jpg', true],
    ['dir/*.jpg', 'dir/a.jpg', true],
    ['dir/*.jpg', 'x/dir/a.jpg', true],
    ['dir/*.jpg', 'dir/sub/a.jpg', false],
    ['dir/**', 'dir/sub/a.jpg', true],
    ['dir/**', 'x/dir/a', true],
    ['dir/**', 'xdir/a', false],
    ['**.jpg', 'a/b/c.jpg', true],
    // anchored at the source prefix
    ['/file.jpg', 'file.jpg', true],
    ['/file.jpg', 'dir/file.jpg', false],
    ['/dir/**', 'dir/a/b', true],
    ['/dir/**', 'x/dir/a', false],
    // ? and classes never match /
    ['?.txt', 'a.txt', true],
    ['?.txt', 'ab.txt', false],
    ['/a?b', 'a/b', false],
    ['[ab].txt', 'b.txt', true],
    ['[ab].txt', 'c.txt', false],
    ['[a-c]x', 'bx', true],
    ['[!a]x', 'bx', true],
    ['[!a]x', 'ax', false],
    ['/a[!x]b', 'a/b', false],
    ['[]]x', ']x', true],
    // alternatives
    ['*.{jpg,png}', 'a.png', true],
    ['*.{jpg,png}', 'a.gif', false],
    ['{a,b/c}.txt', 'b/c.txt', true],
    ['/{logs,tmp}/**', 'tmp/x', true],
    // folders: a trailing / is everything under it
    ['tmp/', 'tmp/a', true],
    ['tmp/', 'x/tmp/a/b', true],
    ['tmp/', 'tmp', false],
    ['/tmp/', 'x/tmp/a', false],
    // awkward keys
    ['*.txt', 'symbols+.txt', true],
    ['symbols+.txt', 'symbols+.txt', true],
    ['symbols+.txt', 'symbolss.txt', false],
    ['100%.txt', 'a/100%.txt', true],
    ['%2B', '%2B', true],
    ['%2B', '+', false],
    ['*.txt', 'a//b.txt', true],
    ['/a/*/b.txt', 'a//b.txt', true],
    ['/a/b.txt', 'a//b.txt', false],
    ['ünï/*', 'ünï/cödé.txt', true],
    ['*.txt', '日本/データ.txt', true],
    ['?.txt', '😀.txt', true],
    ['/😀/**', '😀/a', true],
    ['(x).txt', '(x).txt', true],
    ['a$b^c', 'a$b^c', true],
    ['a.b', 'axb', false],
    ['\\*', '*', true],
    ['\\*', 'x', false],
    ['a\\{b', 'a{b', true],
    ['dir/', 'dir/', true],
    // a folder marker's last segment is empty, and `*` matches the empty name
    ['*', 'dir/', true],
    ['?', 'dir/', false],
    ['**', 'dir/', true],
    ['line\nbreak', 'line\nbreak', true],
  ];
  for (const [pattern, key, expected] of cases) {
    it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(key)}`, () => {
      assert.equal(globToRegExp(pattern).test(key), expected);
    });
  }

  it('refuses broken patterns, naming the pattern and the fix', () => {
    for (const bad of ['', '[abc', '{a,b', 'a\\']) assert.throws(() => globToRegExp(bad), FilterPatternError);
    assert.throws(() => globToRegExp('[abc'), /"\[abc".*\\\[/);
  });
});

describe('include, exclude and filter rules', () => {
  const cases: [string, Partial<FilterSpec>, [string, boolean][]][] = [
    ['no rules: everything', {}, [['a', true], ['x/y/z', true]]],
    ['exclude only', { exclude: ['*.tmp'] }, [['a.tmp', false], ['a.txt', true], ['d/a.tmp', false]]],
    ['include only: the rest is excluded', { include: ['*.jpg'] }, [['a.jpg', true], ['a.png', false], ['d/e.jpg', true]]],
    ['exclude wins over include (tried first)', { include: ['photos/**'], exclude: ['*.raw'] }, [['photos/a.jpg', true], ['photos/a.raw', false], ['docs/a.jpg', false]]],
    ['filter rules: first match wins', { rules: ['+ /keep/*.log', '- *.log'] }, [['keep/a.log', true], ['other/a.log', false], ['a.txt', true]]],
    ['filter rule order matters', { rules: ['- *.log', '+ /keep/*.log'] }, [['keep/a.log', false]]],
    ['filter rules then includes', { rules: ['- secret/**'], include: ['*.txt'] }, [['secret/a.txt', false], ['a.txt', true], ['a.bin', false]]],
  ];
  for (const [name, s, expectations] of cases) {
    it(name, () => {
      const filter = new KeyFilter(spec(s));
      for (const [key, expected] of expectations) assert.equal(filter.matchesPath(key), expected, key);
    });
  }

  it('refuses a rule without a sign', () => {
    assert.throws(() => new KeyFilter(spec({ rules: ['*.log'] })), /\+ pattern/);
    assert.throws(() => new KeyFilter(spec({ rules: ['+*.log'] })), FilterPatternError);
  });

  it('matches keys relative to the source prefix', () => {
    const filter = new KeyFilter(spec({ include: ['/2024/**'] }));
    assert.equal(filter.matchesKey('photos/2024/a.jpg', 'photos/'), true);
    assert.equal(filter.matchesKey('photos/2024/a.jpg', 'photos'), true);
    assert.equal(filter.matchesKey('2024/a.jpg', ''), true);
    assert.equal(filter.matchesKey('photos/2023/2024/a.jpg', 'photos/'), false);
    assert.equal(relativeKey('photosX/b', 'photos'), 'X/b');
    assert.equal(relativeKey('photos//b', 'photos/'), '/b');
  });

  it('sizes: min-size leaves out smaller, max-size larger (bounds included)', () => {
    const filter = new KeyFilter(spec({ minSize: 10, maxSize: 20 }));
    assert.deepEqual([0, 9, 10, 20, 21].map((n) => filter.matchesSize(n)), [false, false, true, true, false]);
    assert.equal(filter.hasPathRules, false);
    assert.equal(filter.active, true);
    assert.equal(KeyFilter.everything.active, false);
  });
});

describe('splitPatterns', () => {
  const cases: [string, string[]][] = [
    ['*.jpg, *.png', ['*.jpg', '*.png']],
    ['*.jpg\n*.png\n', ['*.jpg', '*.png']],
    ['*.{jpg,png}', ['*.{jpg,png}']],
    ['[,]x, y', ['[,]x', 'y']],
    ['a\\,b', ['a\\,b']],
    ['# a comment\n*.log', ['*.log']],
    ['  \n , ', []],
  ];
  for (const [text, expected] of cases) it(JSON.stringify(text), () => assert.deepEqual(splitPatterns(text), expected));
  it('an escaped comma is a comma in the key', () => assert.equal(globToRegExp(splitPatterns('a\\,b')[0]!).test('a,b'), true));
});
