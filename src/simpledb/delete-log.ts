// The delete-log item's attributes: what ConventionWriter writes and the backup reads (pure names,
// no I/O, so the backup's planner can share them with the writer).

/** The write convention's default names: the stamp attribute and the delete-log domain (config/simpledb.ts and ConventionWriter take them from here). */
export const DEFAULT_STAMP_ATTRIBUTE = 'lastModified';
export const DEFAULT_DELETE_LOG_DOMAIN = 'pullback_delete_log';

/** The attributes of a delete-log entry besides the stamp (whose name is configurable). */
export const DELETE_LOG_ATTRIBUTES = { itemName: 'itemName', domain: 'domain', deletedAt: 'deletedAt', state: 'state' } as const;

/**
 * A delete-log entry's `state`: `pending` when written (before the delete), `done` once the delete
 * succeeded. An entry whose writer stopped between the two (a crash), or whose delete failed
 * without an answer that says it did not run, stays `pending`: the deletion may never have happened. Entries written
 * before the attribute existed have none.
 */
export type DeleteLogState = 'pending' | 'done';

/**
 * Why `name` may not be the stamp attribute (the log's own attributes would be overwritten by it),
 * or undefined when it may.
 */
export function stampNameProblem(name: string): string | undefined {
  const taken = Object.values(DELETE_LOG_ATTRIBUTES) as string[];
  if (!taken.includes(name)) return undefined;
  return `"${name}" is a name delete-log entries use for themselves (${taken.join(', ')}); the stamp needs one of its own (the default is ${DEFAULT_STAMP_ATTRIBUTE})`;
}
