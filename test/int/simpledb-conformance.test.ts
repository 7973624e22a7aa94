// The Developer Guide's sample data set (UsingSelectSampleDataset) and the results the guide
// documents for it (SimpleQueriesSelect, RangeQueriesSelect, MultipleAttributeQueriesSelect,
// SortingDataSelect, CountingDataSelect). Order matters only where the query sorts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SimpleDbError } from '../../src/simpledb/index.ts';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';

const SAMPLE: Record<string, Record<string, string[]>> = {
  '0385333498': { Title: ['The Sirens of Titan'], Author: ['Kurt Vonnegut'], Year: ['1959'], Pages: ['00336'], Keyword: ['Book', 'Paperback'], Rating: ['*****', '5 stars', 'Excellent'] },
  '0802131786': { Title: ['Tropic of Cancer'], Author: ['Henry Miller'], Year: ['1934'], Pages: ['00318'], Keyword: ['Book'], Rating: ['****'] },
  '1579124585': { Title: ['The Right Stuff'], Author: ['Tom Wolfe'], Year: ['1979'], Pages: ['00304'], Keyword: ['Book', 'Hardcover', 'American'], Rating: ['****', '4 stars'] },
  B000T9886K: { Title: ['In Between'], Author: ['Paul Van Dyk'], Year: ['2007'], Keyword: ['CD', 'Trance'], Rating: ['4 stars'] },
  B00005JPLW: { Title: ['300'], Author: ['Zack Snyder'], Year: ['2007'], Keyword: ['DVD', 'Action', 'Frank Miller'], Rating: ['***', '3 stars', 'Not bad'] },
  B000SF3NGK: { Title: ["Heaven's Gonna Burn Your Eyes"], Author: ['Thievery Corporation'], Year: ['2002'], Rating: ['*****'] },
};

/** [expression, expected item names, whether the order is significant] */
const DOCUMENTED: [string, string[], boolean][] = [
  // SimpleQueriesSelect
  ["select * from mydomain where Title = 'The Right Stuff'", ['1579124585'], false],
  ["select * from mydomain where Year > '1985'", ['B000T9886K', 'B00005JPLW', 'B000SF3NGK'], false],
  ["select * from mydomain where Rating like '****%'", ['0385333498', '1579124585', '0802131786', 'B000SF3NGK'], false],
  ["select * from mydomain where Pages < '00320'", ['1579124585', '0802131786'], false],
  // RangeQueriesSelect
  ["select * from mydomain where Year > '1975' and Year < '2008'", ['1579124585', 'B000T9886K', 'B00005JPLW', 'B000SF3NGK'], false],
  ["select * from mydomain where Year between '1975' and '2008'", ['1579124585', 'B000T9886K', 'B00005JPLW', 'B000SF3NGK'], false],
  ["select * from mydomain where Rating = '***' or Rating = '*****'", ['0385333498', 'B00005JPLW', 'B000SF3NGK'], false],
  ["select * from mydomain where (Year > '1950' and Year < '1960') or Year like '193%' or Year = '2007'", ['0385333498', '0802131786', 'B000T9886K', 'B00005JPLW'], false],
  // MultipleAttributeQueriesSelect
  ["select * from mydomain where Rating = '****'", ['0802131786', '1579124585'], false],
  ["select * from mydomain where every(Rating) = '****'", ['0802131786'], false],
  ["select * from mydomain where Keyword = 'Book' intersection Keyword = 'Hardcover'", ['1579124585'], false],
  // SortingDataSelect
  ["select * from mydomain where Year < '1980' order by Year asc", ['0802131786', '0385333498', '1579124585'], true],
  ["select * from mydomain where Year < '1980' order by Year", ['0802131786', '0385333498', '1579124585'], true],
  ["select * from mydomain where Year = '2007' intersection Author is not null order by Author desc", ['B00005JPLW', 'B000T9886K'], true],
  ["select * from mydomain where Year < '1980' order by Year limit 2", ['0802131786', '0385333498'], true],
  ["select itemName() from mydomain where itemName() like 'B000%' order by itemName()", ['B00005JPLW', 'B000SF3NGK', 'B000T9886K'], true],
];

/** Not in the guide's tables; derived by hand from the data set to cover the remaining operators. */
const DERIVED: [string, string[]][] = [
  ["select * from mydomain where Keyword = 'Book' and Keyword = 'Hardcover'", []],
  ["select * from mydomain where every(Keyword) in ('Book', 'Paperback')", ['0385333498', '0802131786']],
  ["select * from mydomain where Keyword is null", ['B000SF3NGK']],
  ["select * from mydomain where Pages is not null and Year != '1959'", ['0802131786', '1579124585']],
  ["select * from mydomain where Author like '%Miller'", ['0802131786']],
  ["select * from mydomain where Keyword like '%Miller%'", ['B00005JPLW']],
  ["select * from mydomain where Title not like 'The%'", ['0802131786', 'B000T9886K', 'B00005JPLW', 'B000SF3NGK']],
  ["select * from mydomain where not Year < '2000'", ['B000T9886K', 'B00005JPLW', 'B000SF3NGK']],
  ["select * from mydomain where Title in ('300', 'In Between', 'Nope')", ['B000T9886K', 'B00005JPLW']],
  ["select * from mydomain where Title = \"Heaven's Gonna Burn Your Eyes\"", ['B000SF3NGK']],
  ["select * from mydomain where Title = 'Heaven''s Gonna Burn Your Eyes'", ['B000SF3NGK']],
  ["SELECT * FROM mydomain WHERE Year >= '2007' INTERSECTION Rating LIKE '%stars'", ['B000T9886K', 'B00005JPLW']],
];

let db: TestSimpleDb;
before(async () => {
  db = await startTestSimpleDb();
  await db.client.createDomain({ DomainName: 'mydomain' });
  await db.client.batchPutAttributes({
    DomainName: 'mydomain',
    Items: Object.entries(SAMPLE).map(([Name, attrs]) => ({ Name, Attributes: Object.entries(attrs).flatMap(([n, vs]) => vs.map((Value) => ({ Name: n, Value }))) })),
  });
});
after(async () => {
  await db.close();
});

async function run(expr: string): Promise<string[]> {
  const out: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await db.client.select({ SelectExpression: expr, ConsistentRead: true, ...(NextToken ? { NextToken } : {}) });
    out.push(...page.Items.map((i) => i.Name));
    NextToken = page.NextToken;
    // `limit` queries: the guide's result is the first page.
    if (/\blimit\b/i.test(expr)) break;
  } while (NextToken);
  return out;
}

for (const [expr, expected, ordered] of DOCUMENTED) {
  test(`documented: ${expr}`, async () => {
    const got = await run(expr);
    if (ordered) assert.deepEqual(got, expected);
    else assert.deepEqual([...got].sort(), [...expected].sort());
  });
}

for (const [expr, expected] of DERIVED) {
  test(`derived: ${expr}`, async () => {
    assert.deepEqual((await run(expr)).sort(), [...expected].sort());
  });
}

test('documented: select * from mydomain order by Year asc fails (no predicate on Year)', async () => {
  await assert.rejects(db.client.select({ SelectExpression: 'select * from mydomain order by Year asc' }), (e: unknown) => e instanceof SimpleDbError && e.code === 'InvalidSortExpression');
});

test('documented: count(*) results', async () => {
  const count = async (expr: string) => (await db.client.select({ SelectExpression: expr, ConsistentRead: true })).Items[0]!.Attributes[0]!.Value;
  assert.equal(await count("select count(*) from mydomain where Title = 'The Right Stuff'"), '1');
  assert.equal(await count("select count(*) from mydomain where Year > '1985'"), '3');
  assert.equal(await count('select count(*) from mydomain limit 500'), '6');
  assert.equal(await count('select count(*) from mydomain limit 4'), '4');
});

test('select * returns every value of multi-valued attributes', async () => {
  const page = await db.client.select({ SelectExpression: "select Rating, Keyword from mydomain where itemName() = '0385333498'", ConsistentRead: true });
  assert.deepEqual(page.Items[0]!.Attributes.map((a) => `${a.Name}=${a.Value}`).sort(), ['Keyword=Book', 'Keyword=Paperback', 'Rating=*****', 'Rating=5 stars', 'Rating=Excellent']);
});
