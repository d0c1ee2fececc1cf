import { describe, expect, it } from 'vitest';
import { AofFormatError } from './AofFormatError.js';
import { CommandGrouper } from './CommandGrouper.js';

const argv = (...words: string[]) => words.map((w) => Buffer.from(w));
const text = (entry: unknown) =>
  JSON.parse(JSON.stringify(entry, (_k, v) => (v?.type === 'Buffer' ? Buffer.from(v.data).toString() : v)));

describe('CommandGrouper', () => {
  it('applies SELECT to later commands without forwarding it, and groups MULTI … EXEC', () => {
    const g = new CommandGrouper();
    expect(text(g.accept(argv('SET', 'a', '1'), 0))).toEqual({
      kind: 'command',
      db: 0,
      argv: ['SET', 'a', '1'],
    });
    expect(g.accept(argv('SELECT', '3'), 10)).toBeUndefined();
    expect(g.accept(argv('MULTI'), 20)).toBeUndefined();
    expect(g.openTransactionOffset).toBe(20);
    expect(g.accept(argv('INCR', 'n'), 30)).toBeUndefined();
    expect(g.accept(argv('SELECT', '4'), 40)).toBeUndefined();
    expect(g.accept(argv('DEL', 'x'), 50)).toBeUndefined();
    expect(text(g.accept(argv('EXEC'), 60))).toEqual({
      kind: 'transaction',
      db: 3,
      commands: [
        ['INCR', 'n'],
        ['SELECT', '4'],
        ['DEL', 'x'],
        ['SELECT', '3'],
      ],
    });
    expect(g.openTransactionOffset).toBeUndefined();
    expect(text(g.accept(argv('SET', 'b', '2'), 70))).toEqual({
      kind: 'command',
      db: 4,
      argv: ['SET', 'b', '2'],
    });
  });

  it.each([
    [['EXEC'], /EXEC without MULTI/],
    [['SELECT', 'x'], /invalid SELECT/],
  ])('rejects %j', (words, why) => {
    expect(() => new CommandGrouper().accept(argv(...words), 7)).toThrow(why);
    expect(() => new CommandGrouper().accept(argv(...words), 7)).toThrow(AofFormatError);
  });

  it('rejects a nested MULTI', () => {
    const g = new CommandGrouper();
    g.accept(argv('MULTI'), 0);
    expect(() => g.accept(argv('MULTI'), 9)).toThrow(/inside the MULTI at byte 0/);
  });
});
