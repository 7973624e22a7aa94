/** The engine's only view of the outside world's log: Actions and the terminal implement it. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  group<T>(name: string, body: () => Promise<T>): Promise<T>;
  /**
   * A live status line (the CLI on a terminal): replaced by each call, cleared by `undefined`,
   * never part of the log. Loggers without one get progress as periodic info lines.
   */
  status?(line: string | undefined): void;
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

