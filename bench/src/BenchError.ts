/** A bench failure with a message meant for the reader of the output; `cause` chained. */
export class BenchError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A migrated (or piped) target that does not equal the source: its figures must not count. */
export class VerificationError extends BenchError {}
