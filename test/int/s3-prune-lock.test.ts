import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, DeleteObjectCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import type { S3WriteSettings } from '../../src/stores/object/s3/client.ts';
import { MOTO_MISSING, motoAvailable, startMoto, type TestS3Server } from '../support/s3.ts';
import { SourceWriter } from '../support/scenario.ts';
import { PruneHarness } from '../support/prune.ts';
import { startFaultProxy } from '../support/http-fault-proxy.ts';

/**
 * Issue 12 on moto, which keeps versions and enforces Object Lock as S3 does: a prune removes every
 * version of what it removes (a versioned destination keeps a deleted object's bytes otherwise),
 * never removes what is locked (and says so, and tries again next time), and stops, naming the
 * credentials, when the destination refuses deletions altogether. Kept points stay exact throughout.
 */
let moto: TestS3Server;
const harnesses: PruneHarness[] = [];
before(async () => {
  if (motoAvailable()) moto = await startMoto();
});
after(async () => {
  for (const h of harnesses) await h.dispose();
  await moto?.stop();
});

let count = 0;
async function harness(options: { locked?: boolean; writes?: S3WriteSettings; endpoint?: string; versionedSource?: boolean } = {}): Promise<PruneHarness> {
  const n = ++count;
  await moto.createBucket(`lock-src-${n}`, { versioned: options.versionedSource ?? false });
  if (options.locked) await moto.client().send(new CreateBucketCommand({ Bucket: `lock-dest-${n}`, ObjectLockEnabledForBucket: true }));
  else await moto.createBucket(`lock-dest-${n}`, { versioned: true });
  const connection = options.endpoint ? { ...moto.connection(), endpoint: options.endpoint } : moto.connection();
  const destination = new S3ObjectStore(`lock-dest-${n}`, 'bk/', connection, undefined, undefined, options.writes ?? {});
  const h = new PruneHarness(new SourceWriter(moto.client(), `lock-src-${n}`), () => new S3Source(`lock-src-${n}`, '', moto.connection(), `${moto.endpoint}|src`), destination);
  harnesses.push(h);
  return h;
}

async function threeRuns(h: PruneHarness) {
  await h.run(async (w) => {
    await w.put('a.txt', 'a1');
    await w.put('b.txt', 'b1');
  });
  await h.run(async (w) => w.put('a.txt', 'a2'));
  await h.run(async (w) => {
    await w.put('a.txt', 'a3');
    await w.delete('b.txt');
  });
  return h.points;
}

async function versionsUnder(bucket: string, prefix: string): Promise<number> {
  const page = await moto.client().send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix }));
  return (page.Versions ?? []).length + (page.DeleteMarkers ?? []).length;
}

describe('prune on a versioned destination, with and without Object Lock', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  it('removes every version of each object it removes: the bytes are freed, not hidden behind a delete marker', async () => {
    const h = await harness();
    const points = await threeRuns(h);
    const bucket = (h.destination as S3ObjectStore).bucket;
    const before = await versionsUnder(bucket, 'bk/data/');
    const result = await h.prune({ last: 1 });
    assert.equal(result.status, 'complete');
    // a1, a2 and b1 are needed by no kept point (run 3: a3, b deleted).
    assert.equal(result.totals.removedObjects, 3);
    assert.equal(await versionsUnder(bucket, 'bk/data/'), before - 3, 'no version and no delete marker is left of them');
    await h.assertRestores(points[2]!, 'the kept point');
    await assert.rejects(h.restoreAt(points[0]!.at), /was pruned away/);
  });

  it('a versioned source: noncurrent versions, a delete marker and a permanently deleted version; kept points stay exact', async () => {
    const h = await harness({ versionedSource: true });
    const points = await threeRuns(h);
    // A version removed for good in the source (DeleteObject with its VersionId) between runs.
    const [latest] = (await moto.client().send(new ListObjectVersionsCommand({ Bucket: h.writer.bucket, Prefix: 'a.txt' }))).Versions!.filter((v) => v.IsLatest);
    await h.run(async () => {
      await moto.client().send(new DeleteObjectCommand({ Bucket: h.writer.bucket, Key: 'a.txt', VersionId: latest!.VersionId! }));
      // a.txt is a2 again at the source: the ground truth follows.
      await h.writer.put('c.txt', 'c1');
      h.writer.current.set('a.txt', { body: Buffer.from('a2') });
    });
    // Noncurrent versions still listed, and younger than the backup's overlap: the next backup
    // would check their copies again (and copy any missing one anew), so by default they stay.
    const plan = await h.prune({ last: 2 }, { dryRun: true });
    assert.equal(plan.totals.objects, 0);
    assert.ok(plan.sources[0]!.counts.protected >= 2, `a1 and b1 are protected: ${JSON.stringify(plan.sources[0]!.counts)}`);
    // Without that margin (as for versions older than the overlap) they go.
    const result = await h.prune({ last: 2 }, { recheckMarginMs: 0 });
    assert.equal(result.status, 'complete');
    assert.ok(result.totals.removedObjects >= 2, `a1 and b1 go: ${result.totals.removedObjects}`);
    await h.assertRestores(points[2]!, 'the kept point with the delete marker');
    await h.assertRestores(points[3]!, 'the kept point after the permanent deletion');
    await assert.rejects(h.restoreAt(points[0]!.at), /was pruned away/);
  });

  it('Object Lock: nothing locked is removed; the prune says what and until when, keeps the catalogue consistent, and tries again next time', async () => {
    const h = await harness({ locked: true, writes: { objectLock: { mode: 'GOVERNANCE', days: 1 } } });
    const points = await threeRuns(h);
    const bucket = (h.destination as S3ObjectStore).bucket;
    const dataBefore = await versionsUnder(bucket, 'bk/data/');
    const result = await h.prune({ last: 1 });
    assert.equal(result.status, 'partial');
    assert.equal(result.totals.removedObjects, 0);
    assert.equal(result.sources[0]!.unremoved, 3, 'the three unneeded data objects are locked');
    assert.ok(result.unremoved.length >= 3);
    for (const u of result.unremoved) assert.match(u.reason, /under Object Lock \(governance\) until \d{4}-\d\d-\d\dT/);
    assert.equal(await versionsUnder(bucket, 'bk/data/'), dataBefore, 'every locked version is still there');
    // The catalogue is pruned all the same: restores read the fold, and refuse what it dropped.
    await h.assertRestores(points[2]!, 'the kept point');
    await assert.rejects(h.restoreAt(points[1]!.at), /was pruned away/);
    const again = await h.prune({ last: 1 });
    assert.equal(again.sources[0]!.counts.carried, 3, 'what stayed locked is tried again');
    assert.equal(again.sources[0]!.unremoved, 3);
    await h.assertRestores(points[2]!, 'the kept point after the second prune');
  });

  it('credentials that may not delete: the prune stops naming what it needs; the committed catalogue stays consistent and a prune with delete rights finishes', async () => {
    const proxy = await startFaultProxy(moto.endpoint, (r) => (r.method === 'DELETE' && r.url.includes('/bk/') ? { kind: 'error', status: 403, code: 'AccessDenied', message: 'Access Denied' } : undefined));
    try {
      const h = await harness({ endpoint: proxy.endpoint });
      const points = await threeRuns(h);
      await assert.rejects(h.prune({ last: 1 }), (error: Error) => {
        assert.match(error.message, /a prune needs credentials that may delete \(s3:DeleteObject.*s3:DeleteObjectVersion/);
        assert.match(error.message, /docs\/retention\.md/);
        return true;
      });
      await h.assertRestores(points[2]!, 'the kept point after the refused removals');
      proxy.setRule(() => undefined);
      const finished = await h.prune({ last: 1 });
      assert.equal(finished.status, 'complete');
      assert.equal(finished.totals.removedObjects, 3);
      await h.assertRestores(points[2]!, 'the kept point after the prune finished');
    } finally {
      await proxy.stop();
    }
  });
});
