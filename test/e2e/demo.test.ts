/**
 * `npm run demo`, the README's first command, as a new user runs it: it exits 0 and says every
 * restored object equals what the demo wrote. (It once failed: the restore writes a key's real
 * name into the folder, `symbols+.txt`, while the demo looked for the encoded `symbols%2B.txt`.)
 * Run in a temporary folder, with its MySQL half in a throwaway database.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '../support/action-runner.ts';
import { createTestDatabase, type TestDatabase } from '../int/sdb-backup-support.ts';

let dir: string | undefined;
let db: TestDatabase | undefined;

after(async () => {
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm run demo', () => {
  it('backs up, restores and checks every byte, S3 and SimpleDB, exit 0', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pullback-demo-'));
    db = await createTestDatabase();
    const { user, password, host, port } = db.settings;
    const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(repositoryRoot, 'scripts', 'demo.ts')], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, MYSQL_URL: `mysql://${user}${password ? `:${encodeURIComponent(password)}` : ''}@${host}:${port}/${db.name}` },
    });
    const output = `${result.stdout}${result.stderr}`;
    assert.equal(result.status, 0, output);
    assert.doesNotMatch(output, /MISMATCH/);
    assert.match(output, /5 of 5 objects equal what the demo wrote before run 1/);
    assert.equal(await readFile(join(dir, '.demo', 'restored', 'notes', 'ideas with spaces & symbols+.txt'), 'utf8'), 'keys with awkward characters survive', 'the real name in the restored folder');
    assert.match(output, /run 2: users \(incremental\): 2 items read, 1 versions written, 1 deletions/, 'the SimpleDB half ran');
  });
});
