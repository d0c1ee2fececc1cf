import { readFileSync } from 'node:fs';
import { RedisServer } from '@redis-shuttle/testkit';
import { BenchError } from '../BenchError.js';
import { cpuSecondsOf, peakRssOf } from '../procUtils.js';
import { countsDiffer, keyCounts, OWN_SESSION, parseLoadSeconds } from '../serverUtils.js';
import type { Limit } from '../types.js';

/** redis-server loading the dataset's RDB at start: the time its log reports. Parsers are compared with it. */
const rdbLoad: Limit = {
  name: 'rdb-load',
  description: "redis-server's own load time of the RDB (its log line 'DB loaded from disk: N seconds')",
  async run(ctx) {
    const server = await RedisServer.start({
      ...OWN_SESSION,
      rdbFile: ctx.dataset.rdbPath,
      startTimeoutMs: 600_000,
    });
    try {
      const seconds = parseLoadSeconds(readFileSync(server.logFile, 'utf8'));
      if (seconds === undefined) throw new BenchError(`no 'DB loaded from disk' line in ${server.logFile}`);
      const difference = countsDiffer(ctx.dataset.keysPerDb, await keyCounts(server));
      if (difference) throw new BenchError(`redis-server loaded a different dataset: ${difference}`);
      return {
        seconds,
        keys: ctx.dataset.keys,
        bytes: ctx.dataset.rdbBytes,
        peakRssBytes: peakRssOf(server.pid),
        cpuSeconds: cpuSecondsOf(server.pid),
      };
    } finally {
      await server.stop();
    }
  },
};

export default rdbLoad;
