// The items the SimpleDB benchmarks seed (sdb-backup.ts, sdb-restore.ts, sdb-server.ts): eight
// attributes a customer might have, one of them two-valued, and the write convention's stamp.
import type { SimpleDbClient } from '../../src/simpledb/client.ts';

/** Item `i`: named `item-00000042`, its stamp attribute `stampAttribute` set to `stamp`. */
export function benchItem(i: number, stampAttribute: string, stamp: string): { Name: string; Attributes: { Name: string; Value: string }[] } {
  return {
    Name: `item-${String(i).padStart(8, '0')}`,
    Attributes: [
      { Name: 'name', Value: `Customer ${i}` },
      { Name: 'email', Value: `customer${i}@example.com` },
      { Name: 'city', Value: ['Oslo', 'Rome', 'Lima', 'Kyoto'][i % 4]! },
      { Name: 'score', Value: String(i % 1000).padStart(4, '0') },
      { Name: 'tags', Value: 'a' },
      { Name: 'tags', Value: `t${i % 7}` },
      { Name: 'note', Value: 'x'.repeat(100) },
      { Name: stampAttribute, Value: stamp },
    ],
  };
}

/**
 * Writes items 0 to n - 1 into `domain` (which must exist), 25 a BatchPutAttributes call and
 * `workers` calls at once; `stampOf(i)` is item i's stamp.
 */
export async function seedBenchItems(client: SimpleDbClient, domain: string, n: number, stampAttribute: string, stampOf: (i: number) => string, workers = 16): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const start = next;
      if (start >= n) return;
      next += 25;
      const Items = [];
      for (let i = start; i < Math.min(n, start + 25); i++) Items.push(benchItem(i, stampAttribute, stampOf(i)));
      await client.batchPutAttributes({ DomainName: domain, Items });
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
}
