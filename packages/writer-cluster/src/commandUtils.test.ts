import calculateSlot from 'cluster-key-slot';
import { describe, expect, it } from 'vitest';
import { keyPositions, knownRule, planCommand, ruleFromCommandInfo } from './commandUtils.js';

const argv = (...args: string[]) => args.map((a) => Buffer.from(a));
const text = (parts: Buffer[]) => parts.map(String);

describe('planCommand', () => {
  it('routes a single-key command by its key, hash tags honoured', () => {
    const plan = planCommand(argv('SET', '{user1}.name', 'x'), knownRule('SET')!);
    expect(plan).toMatchObject({ kind: 'parts', split: false, parts: [{ slot: calculateSlot('user1') }] });
  });

  it('keeps a multi-key command whole when its keys share a slot', () => {
    const plan = planCommand(argv('MSET', '{a}1', '1', '{a}2', '2'), knownRule('MSET')!);
    expect(plan).toMatchObject({ kind: 'parts', split: false });
  });

  it('splits a cross-slot MSET into one MSET per slot, pairs kept together', () => {
    const plan = planCommand(argv('MSET', 'a', '1', 'b', '2', '{a}x', '3'), knownRule('MSET')!);
    expect(plan.kind).toBe('parts');
    if (plan.kind !== 'parts') return;
    expect(plan.split).toBe(true);
    expect(plan.parts.map((p) => text(p.argv))).toEqual([
      ['MSET', 'a', '1', '{a}x', '3'],
      ['MSET', 'b', '2'],
    ]);
    expect(plan.parts[0]!.slot).toBe(calculateSlot('a'));
  });

  it('splits DEL per slot and refuses to split MSETNX or RENAME', () => {
    const del = planCommand(argv('DEL', 'a', 'b'), knownRule('DEL')!);
    expect(del).toMatchObject({ kind: 'parts', split: true });
    expect(planCommand(argv('MSETNX', 'a', '1', 'b', '2'), knownRule('MSETNX')!)).toEqual({
      kind: 'cross-slot',
    });
    expect(planCommand(argv('RENAME', 'a', 'b'), knownRule('RENAME')!)).toEqual({ kind: 'cross-slot' });
  });

  it('finds the keys of EVAL and ZUNIONSTORE by numkeys', () => {
    expect(keyPositions(argv('EVAL', 'return 1', '2', 'k1', 'k2', 'arg'), knownRule('EVAL')!)).toEqual([
      3, 4,
    ]);
    expect(
      keyPositions(argv('ZUNIONSTORE', 'd', '2', 's1', 's2', 'WEIGHTS', '1', '2'), knownRule('ZUNIONSTORE')!),
    ).toEqual([1, 3, 4]);
  });

  it('sends FLUSHALL to every master and PING to any', () => {
    expect(planCommand(argv('FLUSHALL'), knownRule('FLUSHALL')!)).toEqual({ kind: 'broadcast' });
    expect(planCommand(argv('PING'), knownRule('PING')!)).toEqual({ kind: 'keyless' });
  });
});

describe('ruleFromCommandInfo', () => {
  it('reads first/last/step and refuses movable keys', () => {
    expect(ruleFromCommandInfo(['hsetex', -4, ['write'], 1, 1, 1])).toEqual({
      kind: 'range',
      first: 1,
      last: 1,
      step: 1,
    });
    expect(ruleFromCommandInfo(['x', -2, ['write', 'movablekeys'], 0, 0, 0])).toBeUndefined();
    expect(ruleFromCommandInfo(['y', 1, ['fast'], 0, 0, 0])).toEqual({ kind: 'keyless' });
  });
});
