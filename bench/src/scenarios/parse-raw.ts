import { runParseWorker } from '../parseScenarioUtils.js';
import type { Scenario } from '../types.js';

const parseRaw: Scenario = {
  name: 'parse-raw',
  description:
    'rdb-parser in raw mode (a DUMP payload per key) over the RDB file, in a child process; no target',
  limit: 'rdb-load',
  run: (ctx) => runParseWorker(ctx, 'raw'),
};

export default parseRaw;
