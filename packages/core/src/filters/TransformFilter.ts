import type { Filter } from '../contracts/Filter.js';
import type { Entry } from '../entry/Entry.js';
import { ConfigError } from '../errors/errors.js';

/** A user transform: returns the entry (possibly changed), several entries, or nothing to drop it. */
export type TransformFunction = (entry: Entry) => Entry | Entry[] | null | undefined;

/**
 * Wraps a user transform as a filter. The function runs synchronously on every entry: it must
 * not return a promise.
 */
export class TransformFilter implements Filter {
  readonly name: string;

  constructor(
    private readonly transform: TransformFunction,
    /** Where the function comes from, for messages (e.g. the module path). */
    readonly source = 'transform',
  ) {
    this.name = `transform(${source})`;
  }

  apply(entry: Entry): Entry | Entry[] | null {
    const out = this.transform(entry);
    if (out === undefined || out === null) return null;
    if (typeof (out as { then?: unknown }).then === 'function') {
      throw new ConfigError(`the transform ${this.source} returned a promise`, {
        hint: 'a transform is synchronous: return the entry, an array of entries, or null',
      });
    }
    return out;
  }
}
