import { readFileSync, readdirSync } from 'node:fs';
const dir = process.argv[2], fn = process.argv[3];
const f = readdirSync(dir).find((x) => x.endsWith('.cpuprofile'));
const p = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const stacks = new Map();
for (let i = 0; i < p.samples.length; i++) {
  let id = p.samples[i];
  if (byId.get(id).callFrame.functionName !== fn) continue;
  const s = [];
  for (let k = 0; k < 8 && id !== undefined; k++) { const n = byId.get(id); s.push(`${n.callFrame.functionName || '(anon)'}@${n.callFrame.url.replace(/.*\//, '')}:${n.callFrame.lineNumber}`); id = parent.get(id); }
  const key = s.join(' < ');
  stacks.set(key, (stacks.get(key) ?? 0) + p.timeDeltas[i] / 1000);
}
for (const [k, v] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(v.toFixed(1), k, '\n');
