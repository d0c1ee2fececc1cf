#!/usr/bin/env node
// A real migration on throwaway local servers: start a source and a target redis-server on free
// ports, fill the source with every value type, SAVE it, run `redis-shuttle migrate dump.rdb
// redis://target`, compare both servers (DEBUG DIGEST, key counts, TTLs, types), stop both.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareDeployments, fillEveryType, RedisServer } from '@redis-shuttle/testkit';

const cli = fileURLToPath(new URL('../apps/cli/dist/bin.js', import.meta.url));
const servers = [];
try {
  const source = await RedisServer.start();
  servers.push(source);
  const target = await RedisServer.start();
  servers.push(target);
  console.log(
    `source: redis-server on ${source.host}:${source.port}, target: redis-server on ${target.host}:${target.port}`,
  );

  const counts = await fillEveryType(source.client(), { dbs: [0, 1, 15], scale: 20 });
  await source.client().save();
  const dump = join(source.dir, 'dump.rdb');
  console.log(`filled the source: ${JSON.stringify(counts)} keys per db; saved ${dump}\n`);

  console.log(`$ redis-shuttle migrate ${dump} ${target.url}`);
  const run = spawnSync(process.execPath, [cli, 'migrate', dump, target.url], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`redis-shuttle exited with ${run.status}`);

  const result = await compareDeployments(source, target);
  console.log(`\nDEBUG DIGEST source ${result.digests.source}`);
  console.log(`DEBUG DIGEST target ${result.digests.target}`);
  console.log(
    `keys per db: source ${JSON.stringify(result.keyCounts.source)}, target ${JSON.stringify(result.keyCounts.target)}`,
  );
  console.log(
    result.equal
      ? 'EQUAL: the target holds exactly the source data'
      : `DIFFERENT:\n${result.differences.join('\n')}`,
  );
  process.exitCode = result.equal ? 0 : 1;
} catch (error) {
  console.error(`demo failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await Promise.all(servers.map((s) => s.stop()));
}
