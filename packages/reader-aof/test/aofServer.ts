import { cpSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { RedisServer, tmpDir } from '@redis-shuttle/testkit';

/**
 * Starts a real redis-server that loads an AOF at startup, on a copy: a directory is copied as its
 * appendonlydir, a single file becomes the base of a one-file manifest.
 */
export async function startFromAof(path: string): Promise<RedisServer> {
  const parent = tmpDir('reader-aof-source-');
  const dir = join(parent, 'appendonlydir');
  if (statSync(path).isDirectory()) {
    cpSync(path, dir, { recursive: true });
  } else {
    mkdirSync(dir);
    cpSync(path, join(dir, 'appendonly.aof.1.base.aof'));
    writeFileSync(join(dir, 'appendonly.aof.manifest'), 'file appendonly.aof.1.base.aof seq 1 type b\n');
  }
  return RedisServer.start({
    args: ['--appendonly', 'yes', '--appenddirname', 'appendonlydir', '--dir', parent],
  });
}

/** A copy of an AOF directory in a temp dir, to damage. */
export function copyAofDir(path: string): string {
  const copy = join(tmpDir('reader-aof-copy-'), basename(path));
  cpSync(path, copy, { recursive: true });
  return copy;
}
