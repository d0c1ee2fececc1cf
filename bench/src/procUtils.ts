import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Peak resident set size (`VmHWM`) from the text of `/proc/<pid>/status`, in bytes. */
export function parseVmHwm(statusText: string): number | undefined {
  const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(statusText);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** utime + stime, in clock ticks, from the text of `/proc/<pid>/stat`. */
export function parseCpuTicks(statText: string): number | undefined {
  // The command name (field 2) is in parentheses and may hold spaces and parentheses: split after the last ')'.
  const close = statText.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = statText
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // Fields after the name start at field 3 (state); utime is field 14, stime field 15.
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : undefined;
}

/** The output of GNU `time -f '%M %U %S'`: max RSS in kB, user and system CPU seconds. */
export function parseTimeOutput(text: string): { peakRssBytes: number; cpuSeconds: number } | undefined {
  const lines = text.trim().split('\n');
  const match = /^(\d+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/.exec(lines[lines.length - 1]!.trim());
  if (!match) return undefined;
  return { peakRssBytes: Number(match[1]) * 1024, cpuSeconds: Number(match[2]) + Number(match[3]) };
}

let clockTicks: number | undefined;

/** `getconf CLK_TCK`, normally 100. */
export function clockTicksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** CPU seconds (user + system) a live process has used so far; undefined when it is gone. */
export function cpuSecondsOf(pid: number): number | undefined {
  const ticks = readProc(pid, 'stat', parseCpuTicks);
  return ticks === undefined ? undefined : ticks / clockTicksPerSecond();
}

/** Peak RSS of a live process in bytes; undefined when it is gone. */
export function peakRssOf(pid: number): number | undefined {
  return readProc(pid, 'status', parseVmHwm);
}

function readProc<T>(pid: number, file: string, parse: (text: string) => T | undefined): T | undefined {
  try {
    return parse(readFileSync(`/proc/${pid}/${file}`, 'utf8'));
  } catch {
    return undefined;
  }
}
