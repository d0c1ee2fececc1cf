import { container } from 'tsyringe';
import { describe, expect, it } from 'vitest';
import type { Reader } from '../contracts/Reader.js';
import { emptyWriterStats, type Writer } from '../contracts/Writer.js';
import type { Entry, KeyEntry } from '../entry/Entry.js';
import { TOKENS } from '../tokens.js';
import { Pipeline } from './Pipeline.js';

function key(name: string): KeyEntry {
  return { kind: 'key', db: 0, key: Buffer.from(name), type: 'string', expireAtMs: null, complete: true };
}

class ListReader implements Reader {
  readonly name = 'list';
  readonly description = 'a list';
  pulled = 0;
  constructor(
    private readonly items: Entry[],
    private readonly pauseMs = 0,
  ) {}
  async *entries(): AsyncIterable<Entry> {
    for (const item of this.items) {
      if (this.pauseMs) await new Promise((r) => setTimeout(r, this.pauseMs));
      this.pulled++;
      yield item;
    }
  }
  progress() {
    return { phase: 'list', bytesRead: 0, entries: this.pulled, keys: this.pulled };
  }
  async close() {}
}

/** A reader that hands its entries over in groups of `size`. */
class BatchReader extends ListReader {
  batchesPulled = 0;
  constructor(private readonly groups: Entry[][]) {
    super(groups.flat());
  }
  async *entryBatches(): AsyncIterable<readonly Entry[]> {
    for (const group of this.groups) {
      this.batchesPulled++;
      yield group;
    }
  }
}

/** A writer that accepts `capacity` entries before it asks the pipeline to wait. */
class SlowWriter implements Writer {
  readonly name = 'slow';
  written: string[] = [];
  ticks = 0;
  inFlight = 0;
  maxInFlight = 0;
  flushed = false;
  private waiters: Array<() => void> = [];
  constructor(private readonly capacity: number) {}
  async connect() {
    return { description: 'slow' };
  }
  write(entry: Entry): undefined | Promise<void> {
    this.written.push((entry as KeyEntry).key.toString());
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    setImmediate(() => {
      this.inFlight--;
      this.waiters.shift()?.();
    });
    if (this.inFlight < this.capacity) return undefined;
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  tick() {
    this.ticks++;
  }
  async flush() {
    while (this.inFlight > 0) await new Promise((r) => setImmediate(r));
    this.flushed = true;
  }
  async close() {}
  stats() {
    return emptyWriterStats();
  }
  connections() {
    return [];
  }
}

function pipelineWith(reader: Reader, writer: Writer, options = {}) {
  const child = container.createChildContainer();
  child.registerInstance(TOKENS.Reader, reader);
  child.registerInstance(TOKENS.Writer, writer);
  child.registerInstance(TOKENS.PipelineOptions, { heartbeatMs: 1000, filters: [], ...options });
  return child.resolve(Pipeline);
}

describe('Pipeline', () => {
  it('writes every entry in order and flushes', async () => {
    const items = Array.from({ length: 500 }, (_, i) => key(`k${i}`));
    const writer = new SlowWriter(8);
    await pipelineWith(new ListReader(items), writer).run(new AbortController().signal);
    expect(writer.written).toEqual(items.map((e) => e.key.toString()));
    expect(writer.flushed).toBe(true);
  });

  it('never has more in flight than the writer accepts (backpressure)', async () => {
    const items = Array.from({ length: 200 }, (_, i) => key(`k${i}`));
    const writer = new SlowWriter(4);
    await pipelineWith(new ListReader(items), writer).run(new AbortController().signal);
    expect(writer.maxInFlight).toBeLessThanOrEqual(4);
  });

  it('takes entries in groups when the reader offers them, in order, with backpressure and filters', async () => {
    const groups = Array.from({ length: 50 }, (_, g) =>
      Array.from({ length: 10 }, (_, i) => key(`k${g * 10 + i}`)),
    );
    const reader = new BatchReader(groups);
    const writer = new SlowWriter(4);
    const drop = {
      name: 'drop',
      apply: (e: Entry) => ((e as KeyEntry).key.toString().endsWith('7') ? null : e),
    };
    const pipeline = pipelineWith(reader, writer, { filters: [drop] });
    await pipeline.run(new AbortController().signal);
    const expected = groups
      .flat()
      .map((e) => e.key.toString())
      .filter((k) => !k.endsWith('7'));
    expect(writer.written).toEqual(expected);
    expect(reader.batchesPulled).toBe(50);
    expect(reader.pulled).toBe(0); // entries() was never used
    expect(writer.maxInFlight).toBeLessThanOrEqual(4);
    expect(pipeline.entriesIn).toBe(500);
    expect(pipeline.filtered).toBe(50);
  });

  it('stops within a group when the signal aborts', async () => {
    const groups = [Array.from({ length: 100 }, (_, i) => key(`k${i}`))];
    const writer = new SlowWriter(1000);
    const abort = new AbortController();
    const original = writer.write.bind(writer);
    writer.write = (entry: Entry) => {
      if (writer.written.length === 9) abort.abort();
      return original(entry);
    };
    await pipelineWith(new BatchReader(groups), writer).run(abort.signal);
    expect(writer.written).toHaveLength(10);
    expect(writer.flushed).toBe(true);
  });

  it('applies filters in order: drop, change, split', async () => {
    const items = [key('a'), key('drop:me'), key('b')];
    const writer = new SlowWriter(100);
    const pipeline = pipelineWith(new ListReader(items), writer, {
      filters: [
        {
          name: 'block',
          apply: (e: Entry) => ((e as KeyEntry).key.toString().startsWith('drop:') ? null : e),
        },
        {
          name: 'split',
          apply: (e: Entry) => [e, { ...(e as KeyEntry), key: Buffer.from(`${(e as KeyEntry).key}:copy`) }],
        },
      ],
    });
    await pipeline.run(new AbortController().signal);
    expect(writer.written).toEqual(['a', 'a:copy', 'b', 'b:copy']);
    expect(pipeline.filtered).toBe(1);
  });

  it('ticks the writer while the reader is idle, and not while entries flow', async () => {
    const writer = new SlowWriter(100);
    await pipelineWith(new ListReader([key('a'), key('b')], 130), writer, { heartbeatMs: 20 }).run(
      new AbortController().signal,
    );
    expect(writer.ticks).toBeGreaterThan(0);

    const busy = new SlowWriter(1000);
    const many = Array.from({ length: 2000 }, (_, i) => key(`k${i}`));
    await pipelineWith(new ListReader(many), busy, { heartbeatMs: 1000 }).run(new AbortController().signal);
    expect(busy.ticks).toBe(0);
  });

  it('stops pulling when the signal aborts, and still flushes', async () => {
    const items = Array.from({ length: 100 }, (_, i) => key(`k${i}`));
    const controller = new AbortController();
    const writer = new SlowWriter(100);
    const original = writer.write.bind(writer);
    writer.write = (e) => {
      if (writer.written.length === 9) controller.abort();
      return original(e);
    };
    await pipelineWith(new ListReader(items), writer).run(controller.signal);
    expect(writer.written.length).toBe(10);
    expect(writer.flushed).toBe(true);
  });
});
