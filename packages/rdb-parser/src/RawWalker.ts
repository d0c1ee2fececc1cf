import { ByteWindow, NEED_MORE, STR_INT } from './ByteWindow.js';
import {
  OP_BYTES4,
  OP_BYTES8,
  OP_BYTES16,
  OP_LEN,
  OP_MODULE,
  OP_OLD_DOUBLE,
  OP_STR,
  type RawOp,
} from './rawPrograms.js';

interface Frame {
  ops: RawOp[];
  idx: number;
  /** Repetitions of `ops` still to run, including the current one. */
  remaining: number;
}

/**
 * Walks one value body to find where it ends, decoding nothing but lengths. Resumable: when input runs
 * out it returns false and continues from the last complete token on the next call.
 *
 * HOT PATH (raw mode): string bodies are skipped without being looked at, even across input chunks, so a
 * value spanning many chunks costs O(its size), never a re-walk.
 */
export class RawWalker {
  private readonly stack: Frame[] = [];
  private depth = 0;
  private skipLeft = 0;
  private done = false;

  constructor(program?: RawOp[]) {
    if (program !== undefined) this.start(program);
  }

  /** Bytes of a string body still to skip (beyond the buffered input): the value is at least that much longer. */
  get pendingSkip(): number {
    return this.skipLeft;
  }

  /** Starts walking a new value (the walker is reused from key to key: no allocation per key). */
  start(program: RawOp[]): void {
    this.depth = 0;
    this.skipLeft = 0;
    this.done = false;
    this.push(program, 1);
  }

  private push(ops: RawOp[], remaining: number): void {
    const f = this.stack[this.depth];
    if (f === undefined) this.stack.push({ ops, idx: 0, remaining });
    else {
      f.ops = ops;
      f.idx = 0;
      f.remaining = remaining;
    }
    this.depth++;
  }

  /** Advances as far as the buffered input allows; true once the value body has been fully walked. */
  run(w: ByteWindow): boolean {
    if (this.done) return true;
    let tokStart = w.pos;
    try {
      for (;;) {
        if (this.skipLeft > 0) {
          const a = w.end - w.pos;
          if (a < this.skipLeft) {
            w.pos = w.end;
            this.skipLeft -= a;
            w.needAbs = w.base + w.end + this.skipLeft;
            return false;
          }
          w.pos += this.skipLeft;
          this.skipLeft = 0;
          tokStart = w.pos;
        }
        if (this.depth === 0) {
          this.done = true;
          return true;
        }
        const top = this.stack[this.depth - 1]!;
        if (top.idx >= top.ops.length) {
          if (top.remaining > 1) {
            top.remaining--;
            top.idx = 0;
          } else {
            this.depth--;
          }
          continue;
        }
        const op = top.ops[top.idx]!;
        if (typeof op !== 'number') {
          const n = w.readLen();
          top.idx++;
          if (n > 0) this.push(op, n);
          tokStart = w.pos;
          continue;
        }
        switch (op) {
          case OP_STR:
            this.skipStringData(w);
            break;
          case OP_LEN:
            w.skipLen();
            break;
          case OP_OLD_DOUBLE: {
            const n = w.u8();
            if (n < 253) w.skip(n);
            break;
          }
          case OP_BYTES4:
          case OP_BYTES8:
          case OP_BYTES16:
            w.skip(op);
            break;
          case OP_MODULE:
            if (this.moduleStep(w)) break;
            tokStart = w.pos;
            continue; // stay on OP_MODULE until its EOF opcode
          default:
            throw new Error(`RawWalker: bad op ${op}`);
        }
        top.idx++;
        tokStart = w.pos;
      }
    } catch (e) {
      if (e !== NEED_MORE) throw e;
      w.pos = tokStart;
      return false;
    }
  }

  /** Reads a string header and arranges for its data to be skipped. */
  private skipStringData(w: ByteWindow): void {
    w.readStringHeader();
    if (w.strKind === STR_INT) return;
    const a = w.end - w.pos;
    if (w.strLen <= a) {
      w.pos += w.strLen;
    } else {
      w.pos = w.end;
      this.skipLeft = w.strLen - a;
    }
  }

  /** One module opcode and its operand; true at the EOF opcode. */
  private moduleStep(w: ByteWindow): boolean {
    const at = w.offset;
    const opcode = w.readLen();
    switch (opcode) {
      case 0:
        return true;
      case 1:
      case 2:
        w.skipLen();
        return false;
      case 3:
        w.skip(4);
        return false;
      case 4:
        w.skip(8);
        return false;
      case 5:
        this.skipStringData(w);
        return false;
      default:
        throw w.corrupt(`unknown module value opcode ${opcode}`, at);
    }
  }
}
