/** The engine's only view of the outside world's log: Actions and the terminal implement it. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  group<T>(name: string, body: () => Promise<T>): Promise<T>;
}

/** A terminal logger; `write` is where ordinary lines go (stderr when stdout carries JSON). */
export const consoleLogger = (verbose = false, write: (line: string) => void = (line) => console.log(line)): Logger => ({
  info: (m) => write(m),
  warn: (m) => console.warn(`warning: ${m}`),
  error: (m) => console.error(`error: ${m}`),
  debug: (m) => {
    if (verbose) write(`debug: ${m}`);
  },
  group: async (name, body) => {
    write(`== ${name}`);
    return body();
  },
});

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
  group: (_name, body) => body(),
};

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** Logs progress at most every `intervalMs`: objects and bytes done, and the rate. */
export class Progress {
  private lastLog = 0;
  private readonly started = Date.now();
  constructor(
    private readonly logger: Logger,
    private readonly label: string,
    private readonly intervalMs = 5000,
  ) {}

  tick(counts: { keys: number; copied: number; bytes: number }, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastLog < this.intervalMs) return;
    this.lastLog = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    this.logger.info(
      `${this.label}: ${counts.keys} keys listed, ${counts.copied} versions copied (${formatBytes(counts.bytes)}), ` +
        `${(counts.copied / seconds).toFixed(1)} objects/s, ${formatBytes(counts.bytes / seconds)}/s`,
    );
  }
}
