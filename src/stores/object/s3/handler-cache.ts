// The rules that make the AWS SDK's handler cache (`cacheMiddleware: true`, createS3Client) safe
// for pullback. With it, a client resolves a command class's middleware once and serves every
// later request of that class from the result, sharing ONE context object between them (issue 11:
// about an eighth of a full run's client CPU was that resolution). What the SDK does then, found
// by trying it (test/int/s3-client-cache.test.ts):
// - its endpoint middleware keeps each request's endpoint in the shared context: requests for two
//   buckets in flight on one client were sent to each other's bucket (1,637 of 2,000);
// - a command's own middleware (a listing page's reader) is replaced by the first command's: every
//   later listing got an empty page (a backup would have seen every object deleted);
// - the context keeps the first command of each class, its body with it (a part buffer);
// - middleware added to or removed from the client after a class was first sent is ignored for it.
// Each is answered here; a review (tests against s3rver and moto with requests, retries and
// refreshed credentials in flight) found the shared context otherwise identical for one bucket.
import type { S3Client } from '@aws-sdk/client-s3';

/** Where the SDK keeps a request's command in its context (@smithy/types SMITHY_CONTEXT_KEY). */
const SMITHY_CONTEXT_KEY = '__smithy_context';

/**
 * A request for a bucket other than its client's: a fault in pullback, never a setting to fix
 * (each source and destination makes its own client). Fatal: the pass stops at once.
 */
export class ClientBucketError extends Error {
  readonly fatal = true;
  constructor(clientBucket: string, requested: unknown) {
    super(`internal error: an S3 client made for bucket ${JSON.stringify(clientBucket)} was asked to send a request for bucket ${JSON.stringify(requested)}; nothing was sent`);
    this.name = 'ClientBucketError';
  }
}

type Send = (command: unknown, optionsOrCallback?: unknown, callback?: unknown) => unknown;

/** Makes `client` (created with cacheMiddleware) serve `bucket` only, safely; see the file's comment. */
export function keepHandlerCacheSafe(client: S3Client, bucket: string): void {
  // Every stack change empties the cache (the SDK's own field), so what a test or a later
  // feature adds to the client always runs. Before the first middleware is added below.
  const stack = client.middlewareStack as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ['add', 'addRelativeTo', 'use', 'remove', 'removeByTag']) {
    const change = stack[method]!.bind(stack);
    stack[method] = (...args: unknown[]) => {
      delete (client as unknown as { handlers?: unknown }).handlers;
      return change(...args);
    };
  }
  client.middlewareStack.add(
    (next, context) => async (args) => {
      // One bucket a client: the shared context then holds one endpoint.
      const requested = (args.input as { Bucket?: unknown }).Bucket;
      if (requested !== undefined && requested !== bucket) throw new ClientBucketError(bucket, requested);
      // The context keeps only the command's class (all the SDK reads of it), not the command
      // and its body, for as long as the cache lives.
      const smithy = (context as Record<string, { commandInstance?: { constructor: unknown } } | undefined>)[SMITHY_CONTEXT_KEY];
      const command = smithy?.commandInstance;
      if (command !== undefined && 'input' in command) smithy!.commandInstance = { constructor: command.constructor };
      return next(args);
    },
    { step: 'initialize', priority: 'high', name: 'pullbackHandlerCacheRules' },
  );
  // A command with middleware of its own is sent with options: the SDK never serves those from
  // its cache (its handler is resolved for that command alone). Callback forms pass through.
  const send = client.send.bind(client) as Send;
  const ownOptions = (command: { middlewareStack: { identify(): string[] } }): object | undefined => (command.middlewareStack.identify().length > 0 ? {} : undefined);
  client.send = ((command: { middlewareStack: { identify(): string[] } }, optionsOrCallback?: unknown, callback?: unknown) =>
    typeof optionsOrCallback === 'function'
      ? send(command, ownOptions(command), optionsOrCallback)
      : send(command, optionsOrCallback ?? ownOptions(command), callback)) as S3Client['send'];
}
