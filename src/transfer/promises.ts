/**
 * Marks a promise's failure as handled while the caller is still busy with something else (a
 * request sent ahead, checks started together and awaited one by one): the error is thrown where
 * the promise is awaited, never as an unhandled rejection that would end the process.
 */
export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
