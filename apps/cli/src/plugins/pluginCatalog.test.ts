import { describe, expect, it } from 'vitest';
import { pluginSpecifier, readerFor, writerFor } from './pluginCatalog.js';

describe('plugin choice', () => {
  it('reads files and standard input with the RDB reader', () => {
    expect(readerFor('dump.rdb')).toBe('rdb');
    expect(readerFor('/backups/nightly')).toBe('rdb');
    expect(readerFor('-')).toBe('rdb');
  });
  it('reads AOF files, manifests and appendonlydir folders with the AOF reader', () => {
    expect(readerFor('/data/appendonly.aof')).toBe('aof');
    expect(readerFor('/data/appendonlydir')).toBe('aof');
    expect(readerFor('/data/appendonlydir/appendonly.aof.manifest')).toBe('aof');
  });
  it('reads servers over PSYNC, or SCAN when asked', () => {
    expect(readerFor('redis://10.0.0.1:6379')).toBe('sync');
    expect(readerFor('rediss://user:pw@host:6380')).toBe('sync');
    expect(readerFor('scan+redis://host:6379')).toBe('scan');
  });
  it('writes to redis:// targets with the standalone writer', () => {
    expect(writerFor('redis://127.0.0.1:7000')).toBe('redis');
    expect(writerFor('redis-cluster://127.0.0.1:7000')).toBe('cluster');
  });
  it('maps short names to packages, and keeps package names and paths', () => {
    expect(pluginSpecifier('writer', 'cluster').packageName).toBe('@redis-shuttle/writer-cluster');
    expect(pluginSpecifier('writer', '@acme/shuttle-writer-s3').specifier).toBe('@acme/shuttle-writer-s3');
    expect(pluginSpecifier('writer', './examples/writer-jsonl').specifier).toBe('./examples/writer-jsonl');
  });
});
