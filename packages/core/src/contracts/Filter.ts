import type { Entry } from '../entry/Entry.js';

/**
 * A filter sees every entry between reader and writer. It returns the entry (possibly
 * changed), several entries, or null to drop it. Filters run in the order configured.
 */
export interface Filter {
  readonly name: string;
  apply(entry: Entry): Entry | Entry[] | null;
}
