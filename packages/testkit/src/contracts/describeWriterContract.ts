import { rmSync } from 'node:fs';
import type { Entry, Writer } from '@redis-shuttle/core';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compareDeployments } from '../compareDeployments.js';
import { type FillOptions, fillEveryType } from '../datasets/fillEveryType.js';
import { RedisServer } from '../RedisServer.js';
import { tmpDir } from '../testUtils.js';
import { type ContractEntryKind, contractEntries } from './contractEntries.js';
import {
  expectConnectionStatuses,
  writeAfterFatal,
  writeAll,
  writeUntilFatal,
} from './writerContractUtils.js';

/** What a test gives the writer factory. */
export interface WriterContractContext {
  /** An empty redis-server of its own: the target of Redis writers (other writers ignore it). */
  target: RedisServer;
  /** An empty temp dir of its own, removed after the test: where file writers write. */
  dir: string;
}

/** Creates the writer under test, configured for the context (not connected yet). */
export type WriterFactory = (context: WriterContractContext) => Writer | Promise<Writer>;

export interface WriterContractOptions {
  /**
   * How to check the output, called right after `flush()` resolved (so it also checks that
   * `flush` waits until everything is durable or acknowledged):
   * - `'redis'` (default): the target must equal the source (`compareDeployments`: digests, key
   *   counts, types, expiries; and the function library, when `function` entries are written);
   * - a function: gets the entries written, in order, and the context; it reads the output back
   *   and throws (or fails an `expect`) when it does not hold exactly those entries.
   */
  verify?: 'redis' | ((entries: Entry[], context: WriterContractContext) => void | Promise<void>);
  /** Entry kinds the writer supports besides `key` (default `['command', 'transaction']`). */
  kinds?: ContractEntryKind[];
  /** How the source is filled (default: `fillEveryType` in dbs 0, 1 and 15). */
  fill?: FillOptions;
  /**
   * How to make the writer fail fatally, for the "writes after a fatal error fail" test
   * (skipped without it): `create` makes a writer bound to fail (e.g. a file writer on
   * `/dev/full`; default: the factory), `afterConnect` breaks it once connected (e.g.
   * `context.target.stop()`).
   */
  fatal?: {
    create?: WriterFactory;
    afterConnect?: (writer: Writer, context: WriterContractContext) => void | Promise<void>;
  };
}

/**
 * The writer contract, as a vitest suite a writer plugin runs against its writer:
 *
 * ```ts
 * describeWriterContract('RedisWriter', ({ target }) => createWriter({ url: target.url }));
 * ```
 *
 * It starts a source redis-server filled with every value type, turns it into `key` entries
 * (DUMP payloads, PEXPIRETIME) plus `command`/`transaction`/`function` entries, and checks that
 * `connect()` resolves with a TargetInfo; `write()` returns undefined or a promise and never
 * throws for valid entries; `flush()` resolves once everything is durable (verified right
 * after); `stats()` counts keys and entries; `connections()` returns ConnectionStatus objects;
 * `close()` is idempotent; and after a fatal error, writing fails. Tests that need servers are
 * e2e tests: call it from a `*.e2e.test.ts` file.
 */
export function describeWriterContract(
  name: string,
  factory: WriterFactory,
  options: WriterContractOptions = {},
): void {
  const kinds = options.kinds ?? ['command', 'transaction'];
  const verify = options.verify ?? 'redis';

  describe(`${name} (writer contract)`, () => {
    let source: RedisServer;
    let sourceClient: Redis;
    let entries: Entry[];
    let context: WriterContractContext;
    let writers: Writer[] = [];

    const create = async (make: WriterFactory = factory): Promise<Writer> => {
      const writer = await make(context);
      writers.push(writer);
      return writer;
    };
    const connected = async (): Promise<Writer> => {
      const writer = await create();
      await writer.connect();
      return writer;
    };

    beforeAll(async () => {
      source = await RedisServer.start();
      sourceClient = source.client();
      const fill = options.fill ?? {};
      await fillEveryType(sourceClient, fill);
      entries = await contractEntries(sourceClient, fill.dbs ?? [0, 1, 15], kinds);
    });

    afterAll(async () => {
      await source?.stop();
    });

    beforeEach(async () => {
      context = { target: await RedisServer.start(), dir: tmpDir('redis-shuttle-writer-contract-') };
      writers = [];
    });

    afterEach(async () => {
      for (const writer of writers) await writer.close().catch(() => undefined);
      await context.target.stop();
      rmSync(context.dir, { recursive: true, force: true });
    });

    it('connect() resolves with a TargetInfo', async () => {
      const writer = await create();
      const info = await writer.connect();
      expect(typeof info.description, 'TargetInfo.description').toBe('string');
      expect(info.description.length, 'TargetInfo.description is not empty').toBeGreaterThan(0);
      if (info.version !== undefined) expect(typeof info.version).toBe('string');
      if (info.rdbVersion !== undefined) expect(Number.isInteger(info.rdbVersion)).toBe(true);
      if (info.idleTimeout !== undefined) expect(info.idleTimeout).toBeGreaterThanOrEqual(0);
      expect(typeof writer.name).toBe('string');
    });

    it('writes every entry kind; once flush() resolves the output holds them all', async () => {
      const writer = await connected();
      await writeAll(writer, entries);
      if (verify === 'redis') {
        const result = await compareDeployments(source, context.target);
        expect(result.differences).toEqual([]);
        expect(result.equal).toBe(true);
        if (kinds.includes('function')) {
          const libraries = await context.target
            .client()
            .call('FUNCTION', 'LIST', 'LIBRARYNAME', 'shuttle_contract');
          expect(libraries as unknown[], 'the function library is on the target').toHaveLength(1);
        }
      } else {
        await verify(entries, context);
      }
    });

    it('stats() counts the keys and entries written', async () => {
      const writer = await connected();
      const before = writer.stats();
      expect(before.keys).toBe(0);
      expect(before.entries).toBe(0);
      await writeAll(writer, entries);
      const stats = writer.stats();
      expect(stats.keys, 'stats().keys: one per key entry').toBe(
        entries.filter((e) => e.kind === 'key').length,
      );
      expect(stats.entries, 'stats().entries: one per entry').toBe(entries.length);
      expect(Array.isArray(stats.warnings)).toBe(true);
    });

    it('connections() returns ConnectionStatus objects, before and after writing', async () => {
      const writer = await connected();
      expectConnectionStatuses(writer.connections());
      await writeAll(writer, entries.slice(0, 10));
      const statuses = writer.connections();
      expectConnectionStatuses(statuses);
      for (const status of statuses)
        expect(status.inFlight, `${status.id}: nothing in flight after flush`).toBe(0);
    });

    it('flush() with nothing written resolves, and can be called again', async () => {
      const writer = await connected();
      await writer.flush();
      await writer.flush();
      expect(writer.stats().entries).toBe(0);
    });

    it('close() is idempotent', async () => {
      const writer = await connected();
      await writeAll(writer, entries.slice(0, 10));
      await Promise.all([writer.close(), writer.close()]);
      await writer.close();
      const unconnected = await create();
      await unconnected.close();
      await unconnected.close();
    });

    it.skipIf(!options.fatal)('after a fatal error, write() fails instead of accepting entries', async () => {
      const writer = await create(options.fatal?.create);
      await writer.connect();
      await options.fatal?.afterConnect?.(writer, context);
      const fatal = await writeUntilFatal(writer, entries);
      expect(fatal, 'writing or flushing failed').toBeInstanceOf(Error);
      const after = await writeAfterFatal(writer, entries[0]!);
      expect(after, 'a write after the fatal error throws or rejects').toBeInstanceOf(Error);
      await writer.close();
    });
  });
}
