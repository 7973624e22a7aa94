// Preload (bench/s3-alternate.ts SAMPLER=...): samples process.memoryUsage() every 5 ms and prints, on exit, `PEAK {...}`
// on stderr: the breakdown at the highest RSS (SMAPS=1 adds /proc/self/smaps by mapping). It lowers the peak it
// measures (src/app/heap-bounds.ts, startMarkingPacer): read its RSS for the breakdown, not as the figure.
const fs = require('node:fs');
const v8 = require('node:v8');
let peak = { rss: 0 };
const t0 = Date.now();
function smaps() {
  try {
    const txt = fs.readFileSync('/proc/self/smaps', 'utf8');
    const out = {}; let name = '';
    for (const line of txt.split('\n')) {
      const m = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
      if (m) { name = m[1] || '[anon]'; if (name.includes('/node')) name='node-binary'; else if (name.startsWith('/')) name = 'file:' + name.split('/').pop(); continue; }
      const r = /^Rss:\s+(\d+) kB/.exec(line);
      if (r) out[name] = (out[name] || 0) + Number(r[1]);
    }
    return Object.fromEntries(Object.entries(out).filter(([,v]) => v > 1024).map(([k,v]) => [k, Math.round(v/1024)]));
  } catch { return {}; }
}
const mb = (x) => Math.round(x / 1048576);
const timer = setInterval(() => {
  const u = process.memoryUsage();
  if (u.rss > peak.rss + 1048576) {
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_size)]));
    peak = { t: Date.now() - t0, rss: u.rss, heapTotal: mb(u.heapTotal), heapUsed: mb(u.heapUsed), external: mb(u.external), arrayBuffers: mb(u.arrayBuffers), spaces, smaps: process.env.SMAPS ? smaps() : undefined };
  }
}, 5);
timer.unref();
process.on('exit', () => { peak.rss = mb(peak.rss); fs.writeSync(2, 'PEAK ' + JSON.stringify(peak) + '\n'); });
