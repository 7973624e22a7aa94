/**
 * The CLI's logger: log lines to `out` (stdout, or stderr when stdout carries JSON), warnings and
 * errors to stderr, and, when live progress is on, one status line at the bottom of the terminal
 * (on stderr) that every log line pushes down instead of breaking, as rclone's -P does.
 */
import type { Logger } from '../report/logger.ts';

export interface TerminalOptions {
  verbose: boolean;
  /** Where ordinary lines go. */
  out: (line: string) => void;
  /** Where warnings and errors go (stderr). */
  err: (line: string) => void;
  /** The live line's terminal: raw writes to stderr and its width. Absent: no live line. */
  live?: { write: (text: string) => void; columns: () => number | undefined };
}

/**
 * A terminal's width as reported, or undefined when the report cannot be a width: some CI
 * pseudo-terminals (and `stty cols 0`) say 0 columns, which cut the live line to its shortest
 * and left the help unwrapped. Callers fall back as when no terminal says.
 */
export function terminalWidth(columns: number | undefined): number | undefined {
  return columns !== undefined && Number.isFinite(columns) && columns > 0 ? Math.floor(columns) : undefined;
}

/** The live line's width when the terminal does not say (as a terminal's default). */
const UNKNOWN_WIDTH = 80;
/**
 * The live line is never cut shorter than this: a width reported smaller is more likely wrong than
 * a terminal that narrow (on which the line then wraps, and a carriage return leaves its first row).
 */
export const MIN_LIVE_WIDTH = 40;

export interface TerminalLogger extends Logger {
  /** Clears the live line (before the result is printed, and on exit). */
  close(): void;
}

export function terminalLogger(options: TerminalOptions): TerminalLogger {
  const { live } = options;
  let shown: string | undefined;
  const clear = () => {
    if (live && shown !== undefined) live.write('\r\x1b[2K');
  };
  const redraw = () => {
    if (live && shown !== undefined) live.write(shown);
  };
  /** Writes a log line under the live line: clear it, write, draw it again. */
  const around = (write: () => void) => {
    clear();
    write();
    redraw();
  };
  const logger: TerminalLogger = {
    info: (m) => around(() => options.out(m)),
    warn: (m) => around(() => options.err(`warning: ${m}`)),
    error: (m) => around(() => options.err(`error: ${m}`)),
    debug: (m) => {
      if (options.verbose) around(() => options.out(`debug: ${m}`));
    },
    group: async (name, body) => {
      around(() => options.out(`== ${name}`));
      return body();
    },
    close: () => {
      clear();
      shown = undefined;
    },
  };
  if (live) {
    logger.status = (line) => {
      clear();
      if (line === undefined) {
        shown = undefined;
        return;
      }
      // One terminal row: a wrapped line could not be cleared with a carriage return.
      const width = Math.max((terminalWidth(live.columns()) ?? UNKNOWN_WIDTH) - 1, MIN_LIVE_WIDTH);
      shown = line.length > width ? `${line.slice(0, width - 1)}…` : line;
      live.write(shown);
    };
  }
  return logger;
}
