// The prune sub-action (prune/action.yml): the action with its mode fixed, bundled as dist/prune.js.
import { run } from './run.ts';

await run({ mode: 'prune' });
