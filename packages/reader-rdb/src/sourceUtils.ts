import { promises as fs } from 'node:fs';
import { SourceError } from '@redis-shuttle/core';
import { fileChunks } from './fileChunks.js';

export interface OpenedSource {
  chunks: AsyncIterable<Buffer>;
  /** Stops reading and releases the file (idempotent). */
  close(): void;
  /** File size, unknown for standard input. */
  size?: number;
  description: string;
}

/** Opens an RDB file (or standard input for `-`), turning OS errors into one clear message. */
export async function openSource(path: string, chunkBytes: number): Promise<OpenedSource> {
  if (path === '-') {
    return {
      chunks: process.stdin as AsyncIterable<Buffer>,
      close: () => process.stdin.destroy(),
      description: 'standard input',
    };
  }
  let stat: Awaited<ReturnType<typeof fs.stat>>;
  try {
    stat = await fs.stat(path);
  } catch (error) {
    throw openError(path, error);
  }
  if (stat.isDirectory()) {
    throw new SourceError('E_SOURCE_NOT_FOUND', `cannot read the RDB file "${path}": it is a directory`, {
      hint: 'give the path of the .rdb file itself (for an AOF directory use the AOF reader)',
    });
  }
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (error) {
    throw openError(path, error);
  }
  // FileHandle.close() is idempotent: a second call gets the first call's promise, or a resolved one.
  const close = (): void => void handle.close().catch(() => {});
  const chunks = fileChunks(handle, chunkBytes, { syncReads: stat.isFile() });
  return { chunks, close, size: stat.size, description: path };
}

function openError(path: string, error: unknown): SourceError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES'
        ? 'permission denied'
        : ((error as Error)?.message ?? String(error));
  return new SourceError('E_SOURCE_NOT_FOUND', `cannot read the RDB file "${path}": ${reason}`, {
    hint:
      code === 'ENOENT'
        ? 'check the path (use "-" to read the RDB from standard input)'
        : 'check the file and its permissions',
    cause: error,
  });
}
