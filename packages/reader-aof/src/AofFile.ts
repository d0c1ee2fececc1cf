/** One file of an AOF source, in load order. */
export interface AofFile {
  path: string;
  /** `base`, `incr` from a manifest; `single` for an AOF given as one file. */
  role: 'base' | 'incr' | 'single';
  size: number;
}
