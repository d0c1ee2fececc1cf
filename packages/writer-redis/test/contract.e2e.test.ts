import { describeWriterContract } from '@redis-shuttle/testkit';
import { createWriter } from './writerHarness.js';

// The writer contract every redis-shuttle writer passes (the same suite a plugin author runs).
describeWriterContract('RedisWriter', ({ target }) => createWriter({ url: target.url }), {
  kinds: ['command', 'transaction', 'function'],
  fatal: {
    create: ({ target }) => createWriter({ url: target.url, reconnectForMs: 500 }),
    afterConnect: async (_writer, { target }) => {
      await target.stop();
    },
  },
});
