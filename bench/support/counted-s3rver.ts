import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Starts bench/support/s3rver-counted.ts in a child process (its CPU can then be read from /proc)
 * on a free port, serving `directory`, with the wrapper's `flags` (`--conditions`,
 * `--raw-versioning`); resolves once it listens. The caller stops it (child.kill).
 */
export async function startCountedS3rver(directory: string, flags: string[] = []): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', 'bench/support/s3rver-counted.ts', directory, ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code})`)));
  });
  return { port, child };
}
