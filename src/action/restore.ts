// The restore sub-action (restore/action.yml): the action with its mode fixed, bundled as dist/restore.js.
import { run } from './run.ts';

await run({ mode: 'restore' });
