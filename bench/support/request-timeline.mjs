// When each HTTP request of a process began and ended, in milliseconds from the process's start:
// which requests wait for which (a round trip the run spends one after another), seen from the
// client. S3RVER_TRACE (s3rver-counted.ts) shows the same requests from the server's side, where
// a request's time includes waiting behind others on s3rver's one thread. Preload it:
//   REQUEST_TIMELINE=/tmp/rt node --import ./bench/support/request-timeline.mjs dist/cli.js backup ...
//   REQUEST_TIMELINE=/tmp/rt MODE=small DELAY=20 RERUNS=1 npx tsx bench/s3-alternate.ts 1 \
//     "dist/cli.js|--import=$PWD/bench/support/request-timeline.mjs"
// Each process writes <REQUEST_TIMELINE>.<pid> when it exits: one line per event, `<ms> start#<n>
// <method> <path>` and `<ms> done#<n> <status>`, then `<ms> exit`. The path keeps its query (the
// S3 action: `?list-type=2`, `?uploads`) and is cut at 120 characters. Node's own
// diagnostics_channel events: no request is changed or delayed.
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const out = process.env.REQUEST_TIMELINE;
if (!out) throw new Error('request-timeline.mjs: set REQUEST_TIMELINE to the file prefix to write (<prefix>.<pid>)');
const lines = [];
const ids = new WeakMap();
let requests = 0;
const at = () => performance.now().toFixed(1);

subscribe('http.client.request.start', ({ request }) => {
  ids.set(request, ++requests);
  lines.push(`${at()} start#${requests} ${request.method} ${request.path.slice(0, 120)}`);
});
subscribe('http.client.response.finish', ({ request, response }) => {
  lines.push(`${at()} done#${ids.get(request)} ${response.statusCode}`);
});
subscribe('http.client.request.error', ({ request, error }) => {
  lines.push(`${at()} error#${ids.get(request)} ${error.code ?? error.message}`);
});
lines.push(`${at()} preloaded`);
process.on('exit', () => {
  lines.push(`${at()} exit`);
  writeFileSync(`${out}.${process.pid}`, `${lines.join('\n')}\n`);
});
