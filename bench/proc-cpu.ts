// CPU time of another process (the SimpleDB server a benchmark runs in a child process), so a
// benchmark can tell whether the server or the client bounds it.
import { readdirSync, readFileSync } from 'node:fs';

/** utime + stime of a process in ms, from /proc/<pid>/stat (undefined where /proc is missing, e.g. macOS). */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks; USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** The pid of a running process whose command name is one of `names` (from /proc), if any. */
export function findProcess(names: readonly string[]): number | undefined {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (names.includes(readFileSync(`/proc/${entry}/comm`, 'utf8').trim())) return Number(entry);
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    // no /proc
  }
  return undefined;
}
