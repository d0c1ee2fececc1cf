import { describe, expect, it } from 'vitest';
import { CommandStreamTranslator, GETACK } from './CommandStreamTranslator.js';

const argv = (...args: string[]) => args.map((a) => Buffer.from(a));
const text = (commands: Buffer[][]) => commands.map((c) => c.map(String));

describe('CommandStreamTranslator', () => {
  it('tracks SELECT and forwards commands with their db', () => {
    const t = new CommandStreamTranslator();
    expect(t.accept(argv('SELECT', '3'))).toBeNull();
    const out = t.accept(argv('set', 'k', 'v'));
    expect(out).toMatchObject({ kind: 'command', db: 3 });
  });

  it('groups MULTI … EXEC into one transaction entry', () => {
    const t = new CommandStreamTranslator(1);
    expect(t.accept(argv('MULTI'))).toBeNull();
    expect(t.inTransaction).toBe(true);
    expect(t.accept(argv('INCR', 'a'))).toBeNull();
    expect(t.accept(argv('HSET', 'h', 'f', 'v'))).toBeNull();
    const out = t.accept(argv('EXEC'));
    if (out === null || out === GETACK || out.kind !== 'transaction') throw new Error('no transaction');
    expect(out.db).toBe(1);
    expect(text(out.commands)).toEqual([
      ['INCR', 'a'],
      ['HSET', 'h', 'f', 'v'],
    ]);
  });

  it('keeps a SELECT inside a transaction and selects the db back at its end', () => {
    const t = new CommandStreamTranslator(0);
    t.accept(argv('MULTI'));
    t.accept(argv('SELECT', '2'));
    t.accept(argv('DEL', 'x'));
    const out = t.accept(argv('EXEC'));
    if (out === null || out === GETACK || out.kind !== 'transaction') throw new Error('no transaction');
    expect(out.db).toBe(0);
    expect(text(out.commands)).toEqual([
      ['SELECT', '2'],
      ['DEL', 'x'],
      ['SELECT', '0'],
    ]);
    expect(t.db).toBe(2);
  });

  it('answers PING and REPLCONF GETACK itself', () => {
    const t = new CommandStreamTranslator();
    expect(t.accept(argv('PING'))).toBeNull();
    expect(t.accept(argv('REPLCONF', 'GETACK', '*'))).toBe(GETACK);
    expect(t.accept(argv('replconf', 'getack', '*'))).toBe(GETACK);
  });
});
