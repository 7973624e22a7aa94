import { after, before } from 'node:test';
import { rm } from 'node:fs/promises';
import { startS3rver, type TestS3Server } from './s3.ts';

/**
 * One s3rver for a whole test file: started before its first test, stopped after its last, then
 * every folder the tests added to `folders` (timedDestination(folders), a mkdtemp of their own) is
 * removed. Call it at the top level of the file; `s3rver()` is the server once the hook has run.
 */
export function useS3rver(): { s3rver: () => TestS3Server; folders: string[] } {
  let server: TestS3Server | undefined;
  const folders: string[] = [];
  before(async () => {
    server = await startS3rver();
  });
  after(async () => {
    await server?.stop();
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });
  const s3rver = () => {
    if (!server) throw new Error('s3rver starts in a before hook: use it inside a test or a hook');
    return server;
  };
  return { s3rver, folders };
}
