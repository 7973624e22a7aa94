// Several domains backed up at once, each on its own MySQL session: an hourly run over many
// domains waits on round trips (a Select, then a handful of statements a domain), not on work, so
// a domain's waits overlap the others' instead of following them.
import type { DomainSession, DomainWork, HistoryStore } from '../../stores/history/types.ts';

/**
 * Runs `work` over `items`, the store itself taking the first and up to `atOnce - 1` sessions of
 * it (HistoryStore.domainSession) joining as they open, each taking the next item once its last is
 * done. A session that cannot be opened leaves fewer at once; a store without sessions does every
 * item itself, in order. Once `stopped()` is true no item is begun (the caller reports those left).
 * `work` resolves to whether the item failed; a session whose item failed takes no more once its
 * connection no longer answers (the others take them). `work` is expected not to throw (a domain's
 * failure is its result); if it does, the first error is thrown once every item begun has ended,
 * and the sessions are closed in every case.
 */
export async function withDomainSessions<T>(
  history: HistoryStore,
  items: readonly T[],
  atOnce: number,
  work: (item: T, store: DomainWork) => Promise<boolean>,
  stopped: () => boolean,
): Promise<void> {
  let next = 0;
  const takeItems = async (store: DomainWork, session?: DomainSession): Promise<void> => {
    while (next < items.length && !stopped()) {
      const failed = await work(items[next++]!, store);
      if (failed && session && !(await session.alive())) return;
    }
  };
  const sessions: DomainSession[] = [];
  const workers = [takeItems(history)];
  const extra = Math.min(atOnce, items.length) - 1;
  for (let i = 0; i < extra && history.domainSession !== undefined; i++) {
    workers.push(
      (async () => {
        const session = await history.domainSession!();
        if (session === undefined) return;
        sessions.push(session);
        await takeItems(session, session);
      })(),
    );
  }
  const ended = await Promise.allSettled(workers);
  await Promise.allSettled(sessions.map((s) => s.close()));
  const failed = ended.find((e): e is PromiseRejectedResult => e.status === 'rejected');
  if (failed) throw failed.reason;
}
