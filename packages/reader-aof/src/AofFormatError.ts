/** A structural problem in the RESP part of an AOF file, at a byte offset of that file. */
export class AofFormatError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
