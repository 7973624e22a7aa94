// Starts a SimpleDB-compatible server on a free port and a client wired to it (fast retries, no real sleeps).
import { SimpleDbClient, type SimpleDbClientConfig } from '../../src/simpledb/client.ts';
import { startSimpleDbServer, type RunningSimpleDbServer, type SimpleDbServerOptions } from '../../src/simpledb-local/server.ts';

export interface TestSimpleDb {
  server: RunningSimpleDbServer;
  client: SimpleDbClient;
  /** Another client on the same server, e.g. with other credentials or retry settings. */
  makeClient(config?: SimpleDbClientConfig): SimpleDbClient;
  close(): Promise<void>;
}

export async function startTestSimpleDb(
  options: SimpleDbServerOptions = {},
  clientConfig: SimpleDbClientConfig = {},
): Promise<TestSimpleDb> {
  const server = await startSimpleDbServer({ host: '127.0.0.1', port: 0, ...options });
  const makeClient = (config: SimpleDbClientConfig = {}): SimpleDbClient =>
    new SimpleDbClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: {
        accessKeyId: server.credentials.accessKeyId,
        secretAccessKey: server.credentials.secretAccessKey,
        ...(server.credentials.sessionToken ? { sessionToken: server.credentials.sessionToken } : {}),
      },
      maxAttempts: 4,
      requestTimeoutMs: 5_000,
      sleep: async () => {},
      ...clientConfig,
      ...config,
    });
  return { server, client: makeClient(), makeClient, close: () => server.close() };
}
