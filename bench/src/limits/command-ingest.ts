import { FULL_LOAD, runLoad } from '../benchmarkLoad.js';
import type { Limit } from '../types.js';

/**
 * The target's own ingest of the live-stream rows' command mix: `redis-benchmark -t set,incr,lpush
 * -c 50 -P 16` straight at an empty redis-server for a few seconds, counted by the server itself
 * (`INFO commandstats`). No replication, no redis-shuttle: as fast as that server takes the mix.
 */
const commandIngest: Limit = {
  name: 'command-ingest',
  description: `redis-benchmark -t set,incr,lpush -c ${FULL_LOAD.clients} -P ${FULL_LOAD.pipeline} straight at an empty redis-server: the commands/s it takes`,
  async run(ctx) {
    const seconds = ctx.scale.name === 'full' ? 6 : 3;
    const target = await ctx.startTarget();
    const load = await runLoad(target, FULL_LOAD, seconds);
    return {
      seconds: load.seconds,
      keys: load.commands,
      bytes: 0,
      cpuSeconds: load.benchmarkCpuSeconds,
      targetCpuSeconds: load.serverCpuSeconds,
    };
  },
};

export default commandIngest;
