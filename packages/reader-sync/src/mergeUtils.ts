/**
 * Merges async iterators into one, taking from whichever has an item ready, fairly (the one
 * that just gave an item goes to the back of the line). Each source is asked for at most one
 * item ahead, so backpressure holds. The first error ends the merge with that error.
 */
export async function* mergeIterators<T>(iterators: Array<AsyncIterator<T>>): AsyncGenerator<T> {
  type Next = { index: number; result: IteratorResult<T> };
  const pending = new Map<number, Promise<Next>>();
  const arm = (index: number) => {
    const next = iterators[index]!.next().then((result) => ({ index, result }));
    next.catch(() => undefined); // observed by the race below
    pending.delete(index);
    pending.set(index, next);
  };
  iterators.forEach((_, index) => {
    arm(index);
  });
  while (pending.size > 0) {
    const { index, result } = await Promise.race(pending.values());
    if (result.done) {
      pending.delete(index);
      continue;
    }
    arm(index);
    yield result.value;
  }
}
