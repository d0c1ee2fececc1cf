import { describe, expect, it } from 'vitest';
import type { CommandEntry, Entry, TransactionEntry } from '../entry/Entry.js';
import { CommandFilter } from './CommandFilter.js';
import { commandGroup } from './commandGroups.js';

const b = (s: string) => Buffer.from(s);
const command = (...args: string[]): CommandEntry => ({ kind: 'command', db: 0, argv: args.map(b) });

describe('commandGroup', () => {
  it('knows the COMMAND DOCS group of write commands, and says unknown otherwise', () => {
    expect(commandGroup('set')).toBe('string');
    expect(commandGroup('zadd')).toBe('sorted_set');
    expect(commandGroup('eval')).toBe('scripting');
    expect(commandGroup('pfmerge')).toBe('hyperloglog');
    expect(commandGroup('del')).toBe('generic');
    expect(commandGroup('flushall')).toBe('server');
    expect(commandGroup('json.set')).toBe('unknown');
  });
});

describe('CommandFilter', () => {
  it('blocks commands by name (any case) and by group', () => {
    const filter = new CommandFilter({ blockCommands: ['FlushAll'], blockCommandGroups: ['scripting'] });
    const set = command('set', 'k', 'v');
    expect(filter.apply(set)).toBe(set);
    expect(filter.apply(command('FLUSHALL'))).toBeNull();
    expect(filter.apply(command('EVALSHA', 'abc', '0'))).toBeNull();
  });

  it('with allow rules, keeps only allowed names or groups; unknown commands are group "unknown"', () => {
    const filter = new CommandFilter({ allowCommands: ['del'], allowCommandGroups: ['hash', 'unknown'] });
    expect(filter.apply(command('HSET', 'h', 'f', 'v'))).not.toBeNull();
    expect(filter.apply(command('DEL', 'k'))).not.toBeNull();
    expect(filter.apply(command('JSON.SET', 'k', '$', '1'))).not.toBeNull();
    expect(filter.apply(command('SET', 'k', 'v'))).toBeNull();
  });

  it('filters transactions per command, keeps SELECTs, drops empty ones; snapshot entries pass', () => {
    const filter = new CommandFilter({ blockCommandGroups: ['list'] });
    const tx: TransactionEntry = {
      kind: 'transaction',
      db: 0,
      commands: [
        [b('LPUSH'), b('l'), b('1')],
        [b('SELECT'), b('1')],
        [b('SET'), b('k'), b('v')],
      ],
    };
    const out = filter.apply(tx) as TransactionEntry;
    expect(out.commands.map((c) => String(c[0]))).toEqual(['SELECT', 'SET']);
    expect(filter.apply({ ...tx, commands: [[b('RPUSH'), b('l'), b('1')]] })).toBeNull();
    const key: Entry = { kind: 'key', db: 0, key: b('l'), type: 'list', expireAtMs: null, complete: true };
    expect(filter.apply(key)).toBe(key);
  });
});
