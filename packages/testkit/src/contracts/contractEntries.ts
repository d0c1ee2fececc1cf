import type {
  CommandEntry,
  Entry,
  FunctionEntry,
  KeyEntry,
  TransactionEntry,
  ValueType,
} from '@redis-shuttle/core';
import type { Redis } from 'ioredis';

/** Entry kinds a writer may support besides `key`. */
export type ContractEntryKind = 'command' | 'transaction' | 'function';

const b = (text: string) => Buffer.from(text);

/** A library the `function` entry loads (the source gets it too). */
export const CONTRACT_LIBRARY =
  '#!lua name=shuttle_contract\nredis.register_function("contract_echo", function(keys, args) return args[1] end)';

/**
 * The entries of a filled source, as a reader would produce them: every key as a `key` entry
 * with the server's own DUMP payload and PEXPIRETIME, in SCAN order per db. Then, for the kinds
 * asked for, entries that a live stream would carry, each also applied to the source so the
 * source stays what the target should become.
 */
export async function contractEntries(
  client: Redis,
  dbs: number[],
  kinds: readonly ContractEntryKind[],
): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (const db of dbs) {
    await client.select(db);
    for await (const entry of dumpDb(client, db)) entries.push(entry);
  }
  const first = dbs[0] ?? 0;
  const second = dbs[1] ?? first;
  if (kinds.includes('function')) {
    await client.call('FUNCTION', 'LOAD', 'REPLACE', CONTRACT_LIBRARY);
    entries.push({ kind: 'function', code: b(CONTRACT_LIBRARY) } satisfies FunctionEntry);
  }
  if (kinds.includes('command')) {
    const binaryKey = Buffer.from([0x63, 0x00, 0xff, 0x0a]); // "c\0\xff\n"
    const commands: Buffer[][] = [
      [b('SET'), b('contract:command'), b('value')],
      [b('SET'), binaryKey, Buffer.from([0xff, 0xfe, 0x00])],
      [b('DEL'), b(`db${first}:str:short:1`)],
      [b('HSET'), b('contract:hash'), b('f'), b('v')],
      [b('PEXPIREAT'), b('contract:hash'), b('4102444800000')],
    ];
    for (const argv of commands) {
      await client.select(first);
      await client.callBuffer(argv[0]!.toString(), ...argv.slice(1));
      entries.push({ kind: 'command', db: first, argv } satisfies CommandEntry);
    }
  }
  if (kinds.includes('transaction')) {
    // A SELECT inside the transaction, ended by a SELECT back, as readers produce it.
    const commands: Buffer[][] = [
      [b('INCRBY'), b('contract:counter'), b('41')],
      [b('SADD'), b('contract:set'), b('a'), Buffer.from([0x00, 0xff])],
      [b('SELECT'), b(String(first))],
      [b('SET'), b('contract:tx-other-db'), b('x')],
      [b('SELECT'), b(String(second))],
    ];
    const multi = client.multi();
    multi.select(second);
    for (const argv of commands) multi.callBuffer(argv[0]!.toString(), ...argv.slice(1));
    await multi.exec();
    entries.push({ kind: 'transaction', db: second, commands } satisfies TransactionEntry);
  }
  await client.select(0);
  return entries;
}

async function* dumpDb(client: Redis, db: number): AsyncGenerator<KeyEntry> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scanBuffer(cursor, 'COUNT', 1000);
    cursor = next.toString();
    const pipe = client.pipeline();
    for (const key of keys) {
      pipe.dumpBuffer(key);
      pipe.call('PEXPIRETIME', key);
      pipe.type(key);
    }
    const replies = (await pipe.exec()) ?? [];
    for (let i = 0; i < keys.length; i++) {
      const payload = replies[3 * i]?.[1] as Buffer;
      const expire = Number(replies[3 * i + 1]?.[1]);
      const type = replies[3 * i + 2]?.[1] as ValueType;
      const rdbVersion = payload.readUInt16LE(payload.length - 10);
      yield {
        kind: 'key',
        db,
        key: keys[i]!,
        type,
        expireAtMs: expire > 0 ? expire : null,
        dump: { payload, rdbVersion, rdbType: payload[0]! },
        complete: true,
      };
    }
  } while (cursor !== '0');
}
