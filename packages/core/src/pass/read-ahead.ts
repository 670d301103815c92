/**
 * Reading ahead: the next element of an async iterable is asked for as soon as the current one is
 * handed out, so the store reads it while the caller works on this one (a pass bills a chunk while
 * the next one is read). One element at most is ahead, and the caller still sees the elements in
 * order, exactly as a plain loop would.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done === true) return;
      next = iterator.next();
      yield current.value;
    }
  } finally {
    // An element read for a caller that stopped early: nobody awaits it.
    next.catch(() => undefined);
    await iterator.return?.();
  }
}
