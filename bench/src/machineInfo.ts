import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { findRedisServer } from '@redis-shuttle/testkit';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  redisServer: string;
  /** 1-minute load average when the bench started: above the core count, figures are noisy. */
  loadAverageAtStart: number;
}

/** What the figures were measured on. */
export function machineInfo(): MachineInfo {
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${process.platform} ${release()}`,
    node: process.version,
    redisServer: redisVersion(),
    loadAverageAtStart: loadAverage(),
  };
}

export function describeMachine(m: MachineInfo): string {
  return (
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; ${m.os}; node ${m.node}; redis-server ${m.redisServer}; ` +
    `load average ${m.loadAverageAtStart} at start`
  );
}

/** The 1-minute load average, rounded to 0.1. */
export function loadAverage(): number {
  return Math.round((loadavg()[0] ?? 0) * 10) / 10;
}

/** The `model name` of /proc/cpuinfo (os.cpus() as a fallback). */
export function cpuModel(cpuinfo?: string): string {
  try {
    const text = cpuinfo ?? readFileSync('/proc/cpuinfo', 'utf8');
    const match = /^model name\s*:\s*(.+)$/m.exec(text);
    if (match) return match[1]!.trim();
  } catch {}
  return cpus()[0]?.model ?? 'unknown';
}

function redisVersion(): string {
  try {
    const out = execFileSync(findRedisServer(), ['--version'], { encoding: 'utf8' });
    return /v=(\S+)/.exec(out)?.[1] ?? out.trim();
  } catch {
    return 'unknown';
  }
}
