// `pullback-simpledb-local`: runs the SimpleDB-compatible server until interrupted.
import { parseArgs } from 'node:util';
import { startSimpleDbServer, type SimpleDbServerOptions } from './server.ts';

// --lag-ms is read as network latency unless the help says otherwise (a user trial did).
const USAGE = `Usage: pullback-simpledb-local [--port 8080] [--host 127.0.0.1] [--access-key AKIDLOCAL] [--secret-key local-secret]
                               [--session-token TOKEN] [--persist FILE] [--lag-ms 0] [--verbose]
  --lag-ms N  read-after-write lag, not network latency: a write stays invisible for N ms to reads without ConsistentRead (SimpleDB's eventual consistency)`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '8080' },
        host: { type: 'string', default: '127.0.0.1' },
        'access-key': { type: 'string', default: 'AKIDLOCAL' },
        'secret-key': { type: 'string', default: 'local-secret' },
        'session-token': { type: 'string' },
        persist: { type: 'string' },
        'lag-ms': { type: 'string', default: '0' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  const lag = Number(values['lag-ms']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be 0-65535, got ${values.port}`);
    process.exit(2);
  }
  if (!Number.isFinite(lag) || lag < 0) {
    console.error(`--lag-ms must be a non-negative number, got ${values['lag-ms']}`);
    process.exit(2);
  }
  const options: SimpleDbServerOptions = {
    port,
    host: values.host,
    credentials: [
      {
        accessKeyId: values['access-key'],
        secretAccessKey: values['secret-key'],
        ...(values['session-token'] ? { sessionToken: values['session-token'] } : {}),
      },
    ],
    consistentReadLagMs: lag,
  };
  if (values.persist) options.persistPath = values.persist;
  if (values.verbose) options.log = (line) => console.error(line);
  const server = await startSimpleDbServer(options);
  console.log(server.url);
  console.error(`SimpleDB-compatible server listening on ${server.url} (access key ${values['access-key']}${values.persist ? `, data in ${values.persist}` : ', in memory'})`);
  const stop = () => {
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
