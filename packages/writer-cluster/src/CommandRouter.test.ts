import { describe, expect, it } from 'vitest';
import { CommandRouter } from './CommandRouter.js';
import { knownRule } from './commandUtils.js';

const argv = (...args: string[]) => args.map((a) => Buffer.from(a));
const ask = async () => [];

describe('CommandRouter', () => {
  it('fails a cross-slot command that cannot be split, naming it and the policy', () => {
    const router = new CommandRouter('fail', ask);
    expect(() => router.route(argv('MSETNX', 'a', '1', 'b', '2'), knownRule('MSETNX')!)).toThrow(
      /MSETNX writes keys in several hash slots \("a", "b"/,
    );
  });

  it('skips and counts it with crossSlot: skip', () => {
    const router = new CommandRouter('skip', ask);
    expect(router.route(argv('RENAME', 'a', 'b'), knownRule('RENAME')!)).toEqual([]);
    expect(router.skippedCount).toBe(1);
    expect(router.warnings()).toEqual(['cross-slot commands skipped (crossSlot: skip): RENAME ×1']);
  });

  it('splits a MULTI/EXEC spanning slots into one group per slot, in order, and counts it', () => {
    const router = new CommandRouter('fail', ask);
    const commands = [argv('SET', 'a', '1'), argv('PING'), argv('SET', 'b', '2'), argv('INCR', 'a')];
    const groups = router.routeTransaction(
      commands,
      commands.map((c) => knownRule(String(c[0]))!),
    );
    expect(groups.map((g) => g.commands.map((c) => c.map(String).join(' ')))).toEqual([
      ['PING', 'SET a 1', 'INCR a'],
      ['SET b 2'],
    ]);
    expect(router.splitTransactions).toBe(1);
    expect(router.warnings()[0]).toMatch(/1 MULTI\/EXEC transaction\(s\) spanned several hash slots/);
  });

  it('keeps a single-slot MULTI/EXEC whole', () => {
    const router = new CommandRouter('fail', ask);
    const commands = [argv('SET', '{t}a', '1'), argv('SET', '{t}b', '2')];
    const groups = router.routeTransaction(
      commands,
      commands.map(() => knownRule('SET')!),
    );
    expect(groups).toHaveLength(1);
    expect(router.splitTransactions).toBe(0);
  });

  it('learns an unknown command with COMMAND INFO', async () => {
    const router = new CommandRouter('fail', async () => [['hsetex', -4, ['write'], 1, 1, 1]]);
    const command = argv('HSETEX', 'k', 'f', 'v');
    expect(router.ruleFor(command)).toBeUndefined();
    expect(await router.resolve(command)).toEqual({ kind: 'range', first: 1, last: 1, step: 1 });
    expect(router.ruleFor(command)).toBeDefined();
  });
});
