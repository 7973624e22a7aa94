/**
 * Progress lines (src/report/progress.ts) with an injected clock: a total, percentage and ETA
 * when one is known, an estimate marked `~` and dropped once passed, periodic lines for a plain
 * log and a live line for a terminal (src/cli/terminal-logger.ts) that log lines push down
 * instead of breaking. No servers.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatEta, Progress, ProgressLine, LOG_INTERVAL_MS } from '../../src/report/progress.ts';
import type { Logger } from '../../src/report/logger.ts';
import { terminalLogger } from '../../src/cli/terminal-logger.ts';
import { nodeProcess } from '../../src/cli/main.ts';

function recorder(live: boolean): Logger & { lines: string[]; statuses: (string | undefined)[] } {
  const lines: string[] = [];
  const statuses: (string | undefined)[] = [];
  return {
    lines,
    statuses,
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    debug: () => {},
    group: (_name, body) => body(),
    ...(live ? { status: (line: string | undefined) => statuses.push(line) } : {}),
  };
}

describe('progress lines', () => {
  it('a restore: done of total, percentage, rate and an ETA by bytes', () => {
    let now = 0;
    const logger = recorder(false);
    const line = new ProgressLine(logger, 'restoring s3://photos/', { now: () => now });
    now = 10_000;
    line.update({ done: 250, total: 1000, bytes: 100 * 1024 ** 2, bytesTotal: 400 * 1024 ** 2, unit: 'objects', detail: '250 written (100.0 MiB)' });
    assert.deepEqual(logger.lines, ['restoring s3://photos/: 250 of 1,000 objects (25%), ETA 30s, 250 written (100.0 MiB), 25.0 objects/s, 10.0 MiB/s']);
  });

  it('a plain log gets a line per interval, none for a pass shorter than one', () => {
    let now = 0;
    const logger = recorder(false);
    const line = new ProgressLine(logger, 'x', { now: () => now });
    for (now = 0; now <= 25_000; now += 1000) line.update({ done: now, bytes: 0, unit: 'keys listed' });
    assert.equal(logger.lines.length, Math.floor(25_000 / LOG_INTERVAL_MS));
    line.update({ done: 1, bytes: 0, unit: 'keys' }, true);
    assert.equal(logger.lines.length, 2, 'the end adds no line: the engine logs its totals');
    const short = recorder(false);
    let t = 0;
    const quick = new ProgressLine(short, 'y', { now: () => t });
    for (t = 0; t < 3000; t += 100) quick.update({ done: t, bytes: 0, unit: 'keys' });
    assert.deepEqual(short.lines, []);
  });

  it("a backup: the previous run's key count as an estimate (~), dropped once the listing passes it", () => {
    let now = 0;
    const logger = recorder(true);
    const progress = new Progress(logger, 's3://photos/', { now: () => now, estimatedKeys: 5000 });
    now = 1000;
    progress.tick({ keys: 1000, copied: 1, bytes: 2048 });
    now = 2000;
    progress.tick({ keys: 6000, copied: 2, bytes: 4096, reused: 3 });
    progress.tick({ keys: 6000, copied: 2, bytes: 4096 }, true);
    assert.deepEqual(logger.statuses, [
      's3://photos/: 1,000 of ~5,000 keys listed (20%), ETA 4s, 1 version copied (2.0 KiB), 1,000 keys/s, 2.0 KiB/s',
      's3://photos/: 6,000 keys listed, 2 versions copied (4.0 KiB), 3 reused, 3,000 keys/s, 2.0 KiB/s',
      undefined,
    ]);
    assert.deepEqual(logger.lines, [], 'a live line is never part of the log');
  });

  it('never 100% before the end; ETAs read as time', () => {
    const line = new ProgressLine(recorder(false), 'x', { now: () => 0 });
    assert.match(line.render({ done: 999, total: 1000, bytes: 0, unit: 'objects' }, 1000), /\(99%\)/);
    // No ETA from under 1 %: the first item of a read-back after its first page's wait.
    assert.equal(line.render({ done: 1, total: 3000, bytes: 0, unit: 'items' }, 1100), 'x: 1 of 3,000 items (0%), 0.9 items/s');
    assert.match(line.render({ done: 30, total: 3000, bytes: 0, unit: 'items' }, 1100), /ETA /);
    assert.doesNotMatch(line.render({ done: 1, total: 10, bytes: 1024, bytesTotal: 1024 ** 2, unit: 'objects' }, 1000), /ETA/);
    assert.equal(formatEta(3_725_000), '1h02m');
    assert.equal(formatEta(245_000), '4m05s');
    assert.equal(formatEta(12_400), '12s');
  });
});

describe('terminal logger: the live line', () => {
  it('stays one row at the bottom: log lines clear it, print, and draw it again; close clears it', () => {
    let terminal = '';
    const out: string[] = [];
    const logger = terminalLogger({ verbose: false, out: (l) => out.push(l), err: (l) => out.push(l), live: { write: (t) => (terminal += t), columns: () => 41 } });
    logger.status!('s3://photos/: 1,000 of ~5,000 keys listed (20%)');
    assert.equal(terminal, 's3://photos/: 1,000 of ~5,000 keys list…', 'cut to the terminal width, so a carriage return can clear it');
    terminal = '';
    logger.info('== Committing the catalogue');
    assert.equal(terminal, '\r\x1b[2Ks3://photos/: 1,000 of ~5,000 keys list…');
    assert.deepEqual(out, ['== Committing the catalogue']);
    terminal = '';
    logger.close();
    assert.equal(terminal, '\r\x1b[2K');
    terminal = '';
    logger.info('after');
    assert.equal(terminal, '', 'nothing to clear once closed');
  });

  // A trial on a CI pseudo-terminal that reports 0 columns: the line was cut to 20 characters.
  it('a width of 0, or none that is a number, is unknown (80 columns); a narrower one is taken as 40', () => {
    const line = 'restoring s3://my-app-uploads/: 930 of 1,500 objects (62%), ETA 1s, 930 written (17.7 MiB), 0 already right, 310.0 objects/s';
    const shown = (columns: number | undefined) => {
      let terminal = '';
      terminalLogger({ verbose: false, out: () => {}, err: () => {}, live: { write: (t) => (terminal += t), columns: () => columns } }).status!(line);
      return terminal;
    };
    for (const columns of [0, Number.NaN, Number.POSITIVE_INFINITY, -1, undefined]) assert.equal(shown(columns), `${line.slice(0, 78)}…`, `${columns} columns: 79 characters`);
    assert.equal(shown(10), `${line.slice(0, 39)}…`, 'never cut shorter than 40');
    assert.equal(shown(200), line, 'a line that fits is whole');
  });

  it('the CLI reads the width from stderr, then stdout, then COLUMNS, passing over a 0', () => {
    const saved = { err: process.stderr.columns, out: process.stdout.columns, env: process.env['COLUMNS'] };
    try {
      process.stderr.columns = 0;
      process.stdout.columns = 0;
      delete process.env['COLUMNS'];
      assert.equal(nodeProcess().columns(), undefined, 'a 0-column terminal says nothing');
      process.env['COLUMNS'] = '132';
      assert.equal(nodeProcess().columns(), 132);
      process.stdout.columns = 100;
      assert.equal(nodeProcess().columns(), 100);
      process.stderr.columns = 90;
      assert.equal(nodeProcess().columns(), 90);
    } finally {
      process.stderr.columns = saved.err;
      process.stdout.columns = saved.out;
      if (saved.env === undefined) delete process.env['COLUMNS'];
      else process.env['COLUMNS'] = saved.env;
    }
  });

  it('without a terminal there is no live line: progress goes to the log', () => {
    const logger = terminalLogger({ verbose: false, out: () => {}, err: () => {} });
    assert.equal(logger.status, undefined);
  });
});
