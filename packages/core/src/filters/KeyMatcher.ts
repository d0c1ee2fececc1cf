/** A key given as text (encoded as UTF-8) or as raw bytes. */
export type KeyPattern = string | Buffer;

export interface KeyRules {
  allowKeys?: KeyPattern[];
  allowKeyPrefixes?: KeyPattern[];
  allowKeySuffixes?: KeyPattern[];
  allowKeyRegex?: RegExp[];
  blockKeys?: KeyPattern[];
  blockKeyPrefixes?: KeyPattern[];
  blockKeySuffixes?: KeyPattern[];
  blockKeyRegex?: RegExp[];
}

/** One side (allow or block) of the rules, precomputed for matching key bytes. */
class KeyRuleSet {
  readonly empty: boolean;
  private readonly exact: Set<string>;
  /** Lengths of the exact keys: a key of another length needs no string conversion. */
  private readonly exactLengths: Set<number>;
  private readonly prefixes: Buffer[];
  private readonly suffixes: Buffer[];
  private readonly regexes: RegExp[];

  constructor(
    keys: KeyPattern[] = [],
    prefixes: KeyPattern[] = [],
    suffixes: KeyPattern[] = [],
    regexes: RegExp[] = [],
  ) {
    const exact = keys.map(toBuffer);
    this.exact = new Set(exact.map((key) => key.toString('latin1')));
    this.exactLengths = new Set(exact.map((key) => key.length));
    this.prefixes = prefixes.map(toBuffer);
    this.suffixes = suffixes.map(toBuffer);
    // A global or sticky regex keeps state between calls: match with a plain copy.
    this.regexes = regexes.map((r) =>
      r.global || r.sticky ? new RegExp(r.source, r.flags.replace(/[gy]/g, '')) : r,
    );
    this.empty = keys.length + prefixes.length + suffixes.length + regexes.length === 0;
  }

  // Hot path: Buffer comparisons in place; a latin1 string only for exact keys of a matching length and regexes.
  matches(key: Buffer): boolean {
    for (const prefix of this.prefixes) {
      if (key.length >= prefix.length && key.compare(prefix, 0, prefix.length, 0, prefix.length) === 0)
        return true;
    }
    for (const suffix of this.suffixes) {
      if (
        key.length >= suffix.length &&
        key.compare(suffix, 0, suffix.length, key.length - suffix.length, key.length) === 0
      )
        return true;
    }
    let text: string | undefined;
    if (this.exactLengths.has(key.length)) {
      text = key.toString('latin1');
      if (this.exact.has(text)) return true;
    }
    if (this.regexes.length > 0) {
      text ??= key.toString('latin1');
      for (const regex of this.regexes) if (regex.test(text)) return true;
    }
    return false;
  }
}

/**
 * Decides whether a key passes the allow and block lists, the way RedisShake does: when any
 * allow rule is set, a key must match one of them; then a key matching any block rule is
 * dropped. Keys are compared as bytes; text rules are UTF-8; regexes run on the key's latin1
 * string (one character per byte, so `\x00` and `[\x80-\xff]` match bytes).
 */
export class KeyMatcher {
  /** True when no rule is set: every key passes. */
  readonly passAll: boolean;
  private readonly allow: KeyRuleSet;
  private readonly block: KeyRuleSet;

  constructor(rules: KeyRules) {
    this.allow = new KeyRuleSet(
      rules.allowKeys,
      rules.allowKeyPrefixes,
      rules.allowKeySuffixes,
      rules.allowKeyRegex,
    );
    this.block = new KeyRuleSet(
      rules.blockKeys,
      rules.blockKeyPrefixes,
      rules.blockKeySuffixes,
      rules.blockKeyRegex,
    );
    this.passAll = this.allow.empty && this.block.empty;
  }

  allows(key: Buffer): boolean {
    if (!this.allow.empty && !this.allow.matches(key)) return false;
    return this.block.empty || !this.block.matches(key);
  }
}

function toBuffer(pattern: KeyPattern): Buffer {
  return typeof pattern === 'string' ? Buffer.from(pattern, 'utf8') : pattern;
}
