import { describe, expect, it } from 'vitest';
import {
  bigKeyCommands,
  ELEMENTS_PER_COMMAND,
  FAR_FUTURE_MS,
  type KeyPlan,
  type KeyType,
  planKey,
  valuePool,
} from './datasetPlan.js';
import { RespWriter } from './respUtils.js';

const SEED = 1234;
const pool = valuePool(SEED);

function encoded(plan: KeyPlan): Buffer {
  const writer = new RespWriter();
  for (const command of plan.commands) writer.command(command);
  return writer.take();
}

describe('planKey', () => {
  it('is a pure function of the seed and the index', () => {
    for (const index of [0, 1, 99, 12_345]) {
      const a = planKey(SEED, index, pool);
      const b = planKey(SEED, index, valuePool(SEED));
      expect(encoded(a).equals(encoded(b))).toBe(true);
      expect({ ...a, commands: undefined }).toEqual({ ...b, commands: undefined });
    }
    expect(encoded(planKey(SEED, 5, pool)).equals(encoded(planKey(SEED + 1, 5, valuePool(SEED + 1))))).toBe(
      false,
    );
  });

  it('makes the documented mix', () => {
    const n = 20_000;
    const types: Record<KeyType, number> = { string: 0, hash: 0, list: 0, set: 0, zset: 0, stream: 0 };
    let large = 0;
    let ttl = 0;
    let db1 = 0;
    for (let i = 0; i < n; i++) {
      const plan = planKey(SEED, i, pool);
      types[plan.type]++;
      if (plan.large) {
        large++;
        expect(plan.elements).toBeGreaterThanOrEqual(1000);
      }
      if (plan.expireAtMs !== null) {
        ttl++;
        expect(plan.expireAtMs).toBeGreaterThanOrEqual(FAR_FUTURE_MS);
      }
      if (plan.db === 1) db1++;
    }
    const share = (count: number) => count / n;
    expect(share(types.string)).toBeCloseTo(0.6 * 0.99, 1);
    expect(share(types.hash)).toBeCloseTo(0.1, 1);
    expect(share(types.list)).toBeCloseTo(0.1, 1);
    expect(share(types.set)).toBeCloseTo(0.1, 1);
    expect(share(types.zset)).toBeCloseTo(0.08, 1);
    expect(share(types.stream)).toBeGreaterThan(0.01);
    expect(share(types.stream)).toBeLessThan(0.03);
    expect(share(large)).toBeGreaterThan(0.005);
    expect(share(large)).toBeLessThan(0.015);
    expect(share(ttl)).toBeCloseTo(0.2, 1);
    expect(share(db1)).toBeCloseTo(0.1, 1);
  });

  it('makes intsets, integer strings and consumer groups', () => {
    const plans = Array.from({ length: 5_000 }, (_, i) => planKey(SEED, i, pool));
    const intset = plans.find(
      (p) => p.type === 'set' && p.commands[0]!.slice(2).every((m) => typeof m === 'number'),
    );
    expect(intset?.elements).toBeLessThanOrEqual(512);
    expect(plans.some((p) => p.type === 'string' && typeof p.commands[0]![2] === 'number')).toBe(true);
    expect(plans.some((p) => p.commands.some((c) => c[0] === 'XREADGROUP'))).toBe(true);
  });

  it('splits large values into commands of at most ELEMENTS_PER_COMMAND elements', () => {
    const plan = Array.from({ length: 2_000 }, (_, i) => planKey(SEED, i, pool)).find(
      (p) => p.large && p.type === 'list',
    )!;
    const pushes = plan.commands.filter((c) => c[0] === 'RPUSH');
    expect(pushes.length).toBe(Math.ceil(plan.elements / ELEMENTS_PER_COMMAND));
    expect(pushes.reduce((sum, c) => sum + c.length - 2, 0)).toBe(plan.elements);
  });
});

describe('bigKeyCommands', () => {
  it('writes exactly `count` elements, the same every time', () => {
    const commands = [...bigKeyCommands(SEED, 'hash', 2_500)];
    expect(commands.reduce((sum, c) => sum + (c.length - 2) / 2, 0)).toBe(2_500);
    const again = [...bigKeyCommands(SEED, 'hash', 2_500)];
    const bytes = (cs: typeof commands) => {
      const w = new RespWriter();
      for (const c of cs) w.command(c);
      return w.take();
    };
    expect(bytes(commands).equals(bytes(again))).toBe(true);
    expect([...bigKeyCommands(SEED, 'list', 10)][0]!.slice(0, 2)).toEqual(['RPUSH', 'big:list']);
  });
});
