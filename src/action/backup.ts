// The backup sub-action (backup/action.yml): the action with its mode fixed, bundled as dist/backup.js.
import { run } from './run.ts';

await run({ mode: 'backup' });
