// Identifier validation, quoting and allocation; row layout under InnoDB's row-size limit.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allocateIdentifier, identifierProblem, quoteIdentifier, sanitizeName, tablePrefixProblem } from '../../src/stores/history/mysql/identifiers.ts';
import { columnText, DEFAULT_ROW_BUDGET, inRowCost, layoutRow } from '../../src/stores/history/mysql/row-layout.ts';
import { missingFromGrants } from '../../src/stores/history/mysql/grants.ts';

describe('identifiers', () => {
  test('validation follows MySQL/MariaDB rules', () => {
    assert.equal(identifierProblem('ok_name'), undefined);
    assert.match(identifierProblem('x'.repeat(65))!, /longer than 64/);
    assert.match(identifierProblem('smile🙂')!, /supplementary/);
    assert.match(identifierProblem('trailing ')!, /ends with a space/);
    assert.match(identifierProblem('')!, /empty/);
    assert.equal(identifierProblem('é'.repeat(64)), undefined, '64 characters, not bytes');
  });
  test('quoting doubles backticks and refuses unusable names', () => {
    assert.equal(quoteIdentifier('a`b'), '`a``b`');
    assert.equal(quoteIdentifier('; DROP TABLE x'), '`; DROP TABLE x`');
    assert.throws(() => quoteIdentifier('x'.repeat(65)), RangeError);
  });
  test('allocation: readable, distinct case-insensitively, bounded', () => {
    const taken = new Set<string>();
    const take = (n: string, max = 64): string => {
      const id = allocateIdentifier(n, { maxLength: max, fallback: 'attr', taken });
      taken.add(id.toLowerCase());
      return id;
    };
    assert.equal(take('firstName'), 'firstName');
    const upper = take('FirstName');
    assert.match(upper, /^FirstName_[0-9a-f]{8}$/);
    assert.equal(take('first name'), 'first_name');
    assert.equal(take('🙂'), 'attr');
    assert.match(take('😀'), /^attr_[0-9a-f]{8}$/);
    const long = take('y'.repeat(1024));
    assert.match(long, /^y{55}_[0-9a-f]{8}$/, 'too long: truncated with the hash of the full name');
    const other = take('y'.repeat(1023));
    assert.match(other, /^y{55}_[0-9a-f]{8}$/);
    assert.notEqual(other, long);
    assert.equal(take("'; DROP TABLE users; --"), 'DROP_TABLE_users');
    assert.equal(take('_item'), 'item');
    assert.equal(take('Crème brûlée'), 'Creme_brulee');
    for (const id of taken) {
      assert.match(id, /^[a-z0-9][a-z0-9_]*$/);
      assert.ok(!id.includes('__'));
      assert.ok(id.length <= 64);
    }
    // Many names sanitizing to the same thing still get distinct identifiers.
    const many = new Set<string>();
    for (let i = 0; i < 50; i++) many.add(take(`Same${'!'.repeat(i)}`, 20).toLowerCase());
    assert.equal(many.size, 50);
    for (const id of many) assert.ok(id.length <= 20);
  });
  test('sanitize and prefixes', () => {
    assert.equal(sanitizeName('__a..b__'), 'a_b');
    assert.equal(tablePrefixProblem('sdb_'), undefined);
    assert.equal(tablePrefixProblem(''), undefined);
    assert.ok(tablePrefixProblem('bad-prefix'));
    assert.ok(tablePrefixProblem('x'.repeat(17)));
  });
});

describe('row layout', () => {
  test('small rows stay in columns; multi-valued as JSON arrays; unmapped to overflow', () => {
    const l = layoutRow({ a: ['1'], b: ['x', 'y'], c: ['z'] }, (n) => (n === 'c' ? null : `col_${n}`));
    assert.deepStrictEqual([...l.columns], [['col_a', '1'], ['col_b', '["x","y"]']]);
    assert.deepStrictEqual({ ...l.overflow }, { c: 'z' });
    assert.equal(columnText(['only']), 'only');
  });
  test('a row near the InnoDB limit moves values to overflow until it fits', () => {
    const attrs: Record<string, string[]> = {};
    for (let i = 0; i < 256; i++) attrs[`a${i}`] = ['v'.repeat(40)];
    const l = layoutRow(attrs, (n) => n);
    let cost = 22;
    for (const text of l.columns.values()) cost += inRowCost(text);
    assert.ok(cost <= DEFAULT_ROW_BUDGET);
    assert.equal(l.columns.size + Object.keys(l.overflow!).length, 256);
    // Long values cost a pointer only: they stay.
    const long: Record<string, string[]> = {};
    for (let i = 0; i < 200; i++) long[`a${i}`] = ['v'.repeat(1024)];
    assert.equal(layoutRow(long, (n) => n).overflow, undefined);
  });
});

describe('grants', () => {
  test('ALL on *.* or the database is enough', () => {
    assert.deepStrictEqual(missingFromGrants(['GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION'], 'db'), []);
    assert.deepStrictEqual(missingFromGrants(['GRANT USAGE ON *.* TO `u`@`%`', 'GRANT ALL PRIVILEGES ON `db`.* TO `u`@`%`'], 'db'), []);
    assert.deepStrictEqual(missingFromGrants(['GRANT USAGE ON *.* TO `u`@`%`', 'GRANT ALL PRIVILEGES ON `backup\\_%`.* TO `u`@`%`'], 'backup_x'), []);
  });
  test('missing privileges are listed; other databases do not count', () => {
    assert.deepStrictEqual(
      missingFromGrants(['GRANT USAGE ON *.* TO `u`@`%`', 'GRANT SELECT, INSERT ON `db`.* TO `u`@`%`', 'GRANT ALL PRIVILEGES ON `other`.* TO `u`@`%`'], 'db'),
      ['UPDATE', 'DELETE', 'CREATE', 'ALTER', 'CREATE VIEW'],
    );
  });
  test('role grants make the answer unknown', () => {
    assert.equal(missingFromGrants(['GRANT USAGE ON *.* TO `u`@`%`', 'GRANT `backup_role` TO `u`@`%`'], 'db'), undefined);
  });
});
