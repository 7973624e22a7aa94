// Where a process allocates, whatever is freed afterwards: a sampling heap profile of every
// allocation (V8's sampler with collected objects included), summed by the function that
// allocated (a built-in such as Array.prototype.sort is named with the function that called it),
// printed when the process exits. Preload it into the process to measure:
//   node --import ./bench/alloc-profile.mjs dist/cli.js backup ...
// ALLOC_OUT=<file> writes the summary there instead of stderr; ALLOC_TOP=<n> lines (40);
// ALLOC_INTERVAL=<bytes> between samples (4096). The sampler slows the process: read the shares,
// not its time.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';

const session = new Session();
session.connect();
session.post('HeapProfiler.enable');
session.post('HeapProfiler.startSampling', {
  samplingInterval: Number(process.env.ALLOC_INTERVAL ?? 4096),
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});

process.on('exit', () => {
  // The local session answers synchronously: the summary is written before the process ends.
  session.post('HeapProfiler.stopSampling', (error, result) => {
    if (error) {
      process.stderr.write(`alloc-profile: ${error.message}\n`);
      return;
    }
    const bytes = new Map();
    const walk = (node, caller) => {
      const { functionName, url, lineNumber } = node.callFrame;
      let key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
      if (url === '') key = `${functionName || '(native)'} <- ${caller}`;
      bytes.set(key, (bytes.get(key) ?? 0) + node.selfSize);
      for (const child of node.children) walk(child, url === '' ? caller : key);
    };
    walk(result.profile.head, '(root)');
    const total = [...bytes.values()].reduce((a, b) => a + b, 0);
    const lines = [...bytes]
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(process.env.ALLOC_TOP ?? 40))
      .map(([key, n]) => `${(n / 1048576).toFixed(1).padStart(8)} MB ${((100 * n) / total).toFixed(1).padStart(5)} %  ${key}`);
    const text = `allocated (sampled) ${(total / 1048576).toFixed(0)} MB\n${lines.join('\n')}\n`;
    if (process.env.ALLOC_OUT) writeFileSync(process.env.ALLOC_OUT, text);
    else process.stderr.write(text);
  });
});
