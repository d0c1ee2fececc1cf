import { describe, expect, it } from 'vitest';
import { RdbTransfer } from './RdbTransfer.js';
import { Spool } from './Spool.js';

const spool = () => new Spool({ dir: '/tmp', label: 'test', memoryLimitBytes: 1 << 20, maxFileBytes: 0 });

async function contents(s: Spool): Promise<string> {
  s.end();
  let out = '';
  for (let chunk = await s.read(); chunk; chunk = await s.read()) out += chunk.toString('latin1');
  return out;
}

describe('RdbTransfer', () => {
  it('takes a sized payload and hands back what follows', async () => {
    const s = spool();
    const transfer = new RdbTransfer({ size: 10 }, s);
    expect(transfer.feed(Buffer.from('REDIS'))).toHaveLength(0);
    const rest = transfer.feed(Buffer.from('00111*1\r\n$4\r\nPING\r\n'));
    expect(transfer.done).toBe(true);
    expect(rest.toString()).toBe('*1\r\n$4\r\nPING\r\n');
    expect(await contents(s)).toBe('REDIS00111');
    expect(transfer.size).toBe(10);
  });

  it('finds the diskless end mark wherever the chunks split it', async () => {
    const mark = Buffer.from('0123456789abcdef0123456789abcdef01234567');
    const payload = `REDIS0011${'x'.repeat(100)}`;
    const all = Buffer.concat([Buffer.from(payload), mark, Buffer.from('*1\r\n$4\r\nPING\r\n')]);
    for (const size of [1, 7, 39, 40, 41, 64, all.length]) {
      const s = spool();
      const transfer = new RdbTransfer({ mark }, s);
      let rest = '';
      for (let i = 0; i < all.length; i += size) {
        const out = transfer.feed(all.subarray(i, i + size));
        rest += out.toString();
      }
      expect(transfer.done).toBe(true);
      expect(rest).toBe('*1\r\n$4\r\nPING\r\n');
      expect(await contents(s)).toBe(payload);
      expect(transfer.bytes).toBe(payload.length);
    }
  });
});
