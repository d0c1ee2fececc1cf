import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SourceError } from '@redis-shuttle/core';
import type { AofFile } from './AofFile.js';
import { parseManifest } from './manifestUtils.js';

/**
 * Resolves what the user gave (an AOF file, an appendonlydir, or a manifest) into the files
 * to read, in load order, checking that every one exists.
 */
export async function resolveAofFiles(path: string): Promise<{ files: AofFile[]; manifest?: string }> {
  const stat = await statOrThrow(path, 'the AOF source');
  if (stat.isDirectory()) {
    const names = await fs.readdir(path);
    const manifests = names.filter((name) => name.endsWith('.manifest'));
    if (manifests.length === 0) {
      throw new SourceError(
        'E_SOURCE_NOT_FOUND',
        `the directory "${path}" holds no AOF manifest (*.manifest)`,
        {
          hint: 'give the appendonlydir written by Redis 7+, or the path of a single AOF file',
        },
      );
    }
    if (manifests.length > 1) {
      throw new SourceError(
        'E_SOURCE_NOT_FOUND',
        `the directory "${path}" holds ${manifests.length} AOF manifests (${manifests.join(', ')})`,
        { hint: 'give the path of the manifest to read' },
      );
    }
    return fromManifest(join(path, manifests[0]!));
  }
  if (path.endsWith('.manifest') || (await looksLikeManifest(path))) return fromManifest(path);
  return { files: [{ path, role: 'single', size: stat.size }] };
}

async function fromManifest(manifest: string): Promise<{ files: AofFile[]; manifest: string }> {
  let text: string;
  try {
    text = await fs.readFile(manifest, 'latin1');
  } catch (error) {
    throw notFound(manifest, 'the AOF manifest', error);
  }
  const dir = dirname(manifest);
  const files: AofFile[] = [];
  for (const entry of parseManifest(text, manifest)) {
    const file = join(dir, entry.file);
    const stat = await statOrThrow(
      file,
      `the ${entry.type === 'b' ? 'base' : 'incr'} file listed in ${basename(manifest)}`,
    );
    files.push({ path: file, role: entry.type === 'b' ? 'base' : 'incr', size: stat.size });
  }
  return { files, manifest };
}

async function looksLikeManifest(path: string): Promise<boolean> {
  const handle = await fs.open(path, 'r');
  try {
    const probe = Buffer.alloc(5);
    const { bytesRead } = await handle.read(probe, 0, 5, 0);
    return probe.toString('latin1', 0, bytesRead) === 'file ';
  } finally {
    await handle.close();
  }
}

async function statOrThrow(path: string, what: string) {
  try {
    return await fs.stat(path);
  } catch (error) {
    throw notFound(path, what, error);
  }
}

function notFound(path: string, what: string, error: unknown): SourceError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES'
        ? 'permission denied'
        : ((error as Error)?.message ?? String(error));
  return new SourceError('E_SOURCE_NOT_FOUND', `cannot read ${what} "${path}": ${reason}`, {
    hint:
      code === 'ENOENT'
        ? 'check the path; a multi-part AOF needs every file its manifest lists'
        : 'check the file and its permissions',
    cause: error,
  });
}
