// The verify sub-action (verify/action.yml): the action with its mode fixed, bundled as dist/verify.js.
import { run } from './run.ts';

await run({ mode: 'verify' });
