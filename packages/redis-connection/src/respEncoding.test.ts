import { describe, expect, it } from 'vitest';
import { encodeCommand, RespEncoder } from './respEncoding.js';
import { encodedCommandName } from './SentCommand.js';

const encode = (args: Parameters<typeof encodeCommand>[0]) => {
  const out: Buffer[] = [];
  const n = encodeCommand(args, out);
  const all = Buffer.concat(out);
  expect(all.length).toBe(n);
  return all;
};

describe('encodeCommand', () => {
  it('encodes strings, numbers and buffers as RESP bulk strings', () => {
    expect(encode(['SET', Buffer.from('k\x00y'), 42]).toString('latin1')).toBe(
      '*3\r\n$3\r\nSET\r\n$3\r\nk\x00y\r\n$2\r\n42\r\n',
    );
  });
  it('counts UTF-8 strings in bytes', () => {
    expect(encode(['ECHO', 'ü']).toString('utf8')).toBe('*2\r\n$4\r\nECHO\r\n$2\r\nü\r\n');
  });
  it('references big buffers instead of copying them, in order', () => {
    const big = Buffer.alloc(40_000, 7);
    const out: Buffer[] = [];
    encodeCommand(['RESTORE', 'k', 0, big, 'REPLACE'], out);
    expect(out).toContain(big);
    expect(Buffer.concat(out).toString('latin1')).toBe(
      `*5\r\n$7\r\nRESTORE\r\n$1\r\nk\r\n$1\r\n0\r\n$40000\r\n${big.toString('latin1')}\r\n$7\r\nREPLACE\r\n`,
    );
  });
  it('encodes an empty argument', () => {
    expect(encode(['SET', 'k', '']).toString()).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n');
  });
});

/** The RESP of a command, written the obvious way: what RespEncoder must produce. */
function reference(args: ReadonlyArray<string | number | Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const bytes = Buffer.isBuffer(a) ? a : Buffer.from(String(a), 'utf8');
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

describe('RespEncoder', () => {
  it('writes many commands into few buffers, byte for byte as RESP, across buffer boundaries', () => {
    const encoder = new RespEncoder();
    const commands: Array<Array<string | number | Buffer>> = [];
    let expectedBytes = 0;
    for (let i = 0; i < 20_000; i++) {
      const value = Buffer.alloc((i * 7919) % 3000, i & 0xff);
      const args = ['RESTORE', Buffer.from(`key:${i}`), i * 1_000_003, value, 'REPLACE', 'ABSTTL'];
      commands.push(args);
      expectedBytes += encoder.encode(args);
    }
    expect(encoder.pendingBytes).toBe(expectedBytes);
    const chunks = encoder.take();
    expect(chunks.length).toBeLessThan(200);
    expect(Buffer.concat(chunks).equals(Buffer.concat(commands.map(reference)))).toBe(true);
    expect(encoder.pendingBytes).toBe(0);
  });

  it('encodes every kind of number: zero, big, negative, fractional', () => {
    const encoder = new RespEncoder();
    const args = [
      'X',
      0,
      9,
      10,
      99,
      100,
      999,
      1000,
      1_764_000_000_123,
      Number.MAX_SAFE_INTEGER,
      -5,
      1.5,
      1e300,
    ];
    encoder.encode(args);
    expect(Buffer.concat(encoder.take()).toString()).toBe(reference(args).toString());
  });

  it('encodes long and non-ASCII strings, and the same short string many times', () => {
    const encoder = new RespEncoder();
    const long = 'ü'.repeat(100_000);
    const all: Array<Array<string | number | Buffer>> = [
      ['SET', long, 'é'],
      ['SET', 'é', long],
    ];
    for (const args of all) encoder.encode(args);
    for (let i = 0; i < 1000; i++) {
      const args = ['HSET', `k${i}`, 'field', `v${i}`];
      all.push(args);
      encoder.encode(args);
    }
    expect(Buffer.concat(encoder.take()).equals(Buffer.concat(all.map(reference)))).toBe(true);
  });

  it('never writes again into bytes it handed out', () => {
    const encoder = new RespEncoder();
    encoder.encode(['SET', 'a', '1']);
    const first = encoder.take();
    const copy = Buffer.concat(first);
    for (let i = 0; i < 10_000; i++) encoder.encode(['SET', 'b', Buffer.alloc(100, 1)]);
    expect(Buffer.concat(first).equals(copy)).toBe(true);
    encoder.encode(['SET', 'big', Buffer.alloc(1 << 20, 2)]);
    expect(Buffer.concat(first).equals(copy)).toBe(true);
  });
});

describe('RespEncoder regions', () => {
  it('says where each command went, and sends the same bytes again from there', () => {
    const encoder = new RespEncoder();
    const regions: Array<{ buffer: Buffer; start: number; end: number }> = [];
    const commands: Array<Array<string | Buffer | number>> = [];
    for (let i = 0; i < 2000; i++) {
      const args = ['RESTORE', Buffer.from(`k${i}`), 0, Buffer.alloc(500, i & 0xff), 'REPLACE'];
      commands.push(args);
      encoder.encode(args);
      const { buffer, start, end } = encoder.last;
      expect(buffer).toBeDefined();
      regions.push({ buffer: buffer!, start, end });
    }
    const first = Buffer.concat(encoder.take());
    // a replay: the regions, sent again in order, give the very same bytes
    for (const { buffer, start, end } of regions) encoder.encodeBytes(buffer, start, end);
    expect(Buffer.concat(encoder.take()).equals(first)).toBe(true);
    expect(first.equals(Buffer.concat(commands.map(reference)))).toBe(true);
    for (const { buffer, start } of regions) expect(encodedCommandName(buffer, start)).toBe('RESTORE');
  });

  it('has no region for a command whose big argument was referenced, and replays big regions by reference', () => {
    const encoder = new RespEncoder();
    encoder.encode(['SET', 'k', Buffer.alloc(100_000, 1)]);
    expect(encoder.last.buffer).toBeUndefined();
    encoder.take();
    const big = Buffer.alloc(50_000, 2);
    encoder.encodeBytes(big, 10, 40_010);
    const chunks = encoder.take();
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.buffer).toBe(big.buffer);
  });
});
