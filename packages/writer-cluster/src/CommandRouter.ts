import { TargetError } from '@redis-shuttle/core';
import * as commandUtils from './commandUtils.js';
import type { KeyRule } from './commandUtils.js';

/** Where one command (or one piece of a split command) goes. */
export type CommandRoute =
  | { kind: 'slot'; slot: number; argv: Buffer[] }
  | { kind: 'keyless'; argv: Buffer[] }
  | { kind: 'broadcast'; argv: Buffer[] };

/** A MULTI/EXEC group bound for one slot (or for every master, or for any master). */
export interface TransactionGroup {
  route: 'slot' | 'keyless' | 'broadcast';
  slot: number;
  commands: Buffer[][];
}

/**
 * Routes the live stream's commands and transactions by hash slot: single-slot commands as they
 * are, DEL/UNLINK/TOUCH/MSET split per slot, other cross-slot commands per the `crossSlot` policy,
 * and MULTI/EXEC spanning slots split into one MULTI/EXEC per slot (atomicity is lost: counted).
 * Commands the table does not know are looked up once with `COMMAND INFO` (`COMMAND GETKEYS` per
 * call for movable keys).
 */
export class CommandRouter {
  splitCommands = 0;
  splitTransactions = 0;
  readonly skipped = new Map<string, number>();
  private readonly learned = new Map<string, KeyRule | 'movable'>();

  constructor(
    private readonly policy: 'fail' | 'skip',
    private readonly ask: (...args: Array<string | Buffer>) => Promise<unknown>,
  ) {}

  /** The rule for a command, or undefined when it must be looked up first (`resolve`). */
  ruleFor(argv: Buffer[]): KeyRule | undefined {
    const name = nameOf(argv);
    const rule = commandUtils.knownRule(name) ?? this.learned.get(name);
    return rule === 'movable' ? undefined : rule;
  }

  async resolve(argv: Buffer[]): Promise<KeyRule> {
    const name = nameOf(argv);
    if (!this.learned.has(name)) {
      const info = ((await this.ask('COMMAND', 'INFO', name)) as unknown[])?.[0];
      if (!info) {
        throw new TargetError('E_TARGET_UNSUPPORTED', `the target does not know the command ${name}`, {
          hint: 'the source uses a command (or module) the target lacks; install it on the target',
        });
      }
      this.learned.set(name, commandUtils.ruleFromCommandInfo(info) ?? 'movable');
    }
    const rule = this.ruleFor(argv);
    if (rule) return rule;
    const keys = (await this.ask('COMMAND', 'GETKEYS', ...argv).catch(() => [])) as Array<string | Buffer>;
    const positions = keys.map((key) => argv.findIndex((arg, i) => i > 0 && arg.equals(Buffer.from(key))));
    return { kind: 'at', positions: positions.filter((p) => p > 0) };
  }

  /** Routes one command; [] when it is skipped (cross-slot, `crossSlot: skip`). */
  route(argv: Buffer[], rule: KeyRule): CommandRoute[] {
    const plan = commandUtils.planCommand(argv, rule);
    switch (plan.kind) {
      case 'keyless':
      case 'broadcast':
        return [{ kind: plan.kind, argv }];
      case 'parts':
        if (plan.split) this.splitCommands++;
        return plan.parts.map((part) => ({ kind: 'slot', slot: part.slot, argv: part.argv }));
      case 'cross-slot': {
        const name = nameOf(argv);
        if (this.policy === 'skip') {
          this.skipped.set(name, (this.skipped.get(name) ?? 0) + 1);
          return [];
        }
        const keys = commandUtils
          .keyPositions(argv, rule)
          .slice(0, 3)
          .map((p) => JSON.stringify(argv[p]!.toString('latin1')));
        throw new TargetError(
          'E_TARGET_UNSUPPORTED',
          `the command ${name} writes keys in several hash slots (${keys.join(', ')}, ...) and cannot be split for a Redis Cluster target`,
          {
            hint: 'set the cluster writer config crossSlot: "skip" to skip such commands (they are counted in the summary), or migrate into a standalone target',
          },
        );
      }
    }
  }

  /** Groups a transaction's commands by slot, in order; more than one group means it was split. */
  routeTransaction(commands: Buffer[][], rules: KeyRule[]): TransactionGroup[] {
    const groups = new Map<string, TransactionGroup>();
    const keyless: Buffer[][] = [];
    commands.forEach((argv, i) => {
      for (const route of this.route(argv, rules[i]!)) {
        if (route.kind === 'keyless') {
          keyless.push(route.argv);
          continue;
        }
        const id = route.kind === 'slot' ? `s${route.slot}` : `b${i}`;
        let group = groups.get(id);
        if (!group) {
          group = { route: route.kind, slot: route.kind === 'slot' ? route.slot : -1, commands: [] };
          groups.set(id, group);
        }
        group.commands.push(route.argv);
      }
    });
    const list = [...groups.values()];
    if (keyless.length > 0) {
      const first = list.find((g) => g.route === 'slot');
      if (first) first.commands.unshift(...keyless);
      else list.unshift({ route: 'keyless', slot: -1, commands: keyless });
    }
    if (list.length > 1) this.splitTransactions++;
    return list;
  }

  /** Lines for the run summary's warnings. */
  warnings(): string[] {
    const lines: string[] = [];
    if (this.splitTransactions > 0)
      lines.push(
        `${this.splitTransactions} MULTI/EXEC transaction(s) spanned several hash slots and were split into one MULTI/EXEC per slot: they were not atomic on the target`,
      );
    if (this.skipped.size > 0) {
      const counts = [...this.skipped].map(([name, n]) => `${name} ×${n}`).join(', ');
      lines.push(`cross-slot commands skipped (crossSlot: skip): ${counts}`);
    }
    return lines;
  }

  get skippedCount(): number {
    let n = 0;
    for (const count of this.skipped.values()) n += count;
    return n;
  }
}

function nameOf(argv: Buffer[]): string {
  return argv[0]!.toString('latin1').toUpperCase();
}
