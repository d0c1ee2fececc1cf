import { describe, expect, it } from 'vitest';
import { cpuSecondsOf, parseCpuTicks, parseTimeOutput, parseVmHwm, peakRssOf } from './procUtils.js';

const STATUS = `Name:\tnode
Umask:\t0022
State:\tS (sleeping)
VmPeak:\t 1234568 kB
VmHWM:\t   52344 kB
VmRSS:\t   50000 kB
`;

describe('procUtils', () => {
  it('reads VmHWM from /proc/<pid>/status', () => {
    expect(parseVmHwm(STATUS)).toBe(52344 * 1024);
    expect(parseVmHwm('Name:\tx\n')).toBeUndefined();
  });

  it('reads utime + stime from /proc/<pid>/stat, even with spaces and parentheses in the name', () => {
    const rest = 'S 1 2 3 4 5 6 7 8 9 10 150 25 0 0 20 0 1 0 100 200 300';
    expect(parseCpuTicks(`4242 (node) ${rest}`)).toBe(175);
    expect(parseCpuTicks(`4242 (my (odd) name) ${rest}`)).toBe(175);
    expect(parseCpuTicks('garbage')).toBeUndefined();
  });

  it('reads GNU time -f "%M %U %S" output, after a non-zero-status line', () => {
    expect(parseTimeOutput('235820 0.04 0.15\n')).toEqual({ peakRssBytes: 235820 * 1024, cpuSeconds: 0.19 });
    expect(parseTimeOutput('Command exited with non-zero status 2\n1000 1.50 0.50\n')).toEqual({
      peakRssBytes: 1000 * 1024,
      cpuSeconds: 2,
    });
    expect(parseTimeOutput('nothing')).toBeUndefined();
  });

  it('reads this process from /proc', () => {
    expect(peakRssOf(process.pid)).toBeGreaterThan(1 << 20);
    expect(cpuSecondsOf(process.pid)).toBeGreaterThan(0);
    expect(peakRssOf(2 ** 30)).toBeUndefined();
  });
});
