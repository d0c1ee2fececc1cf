import { runParseWorker } from '../parseScenarioUtils.js';
import type { Scenario } from '../types.js';

const parseDecoded: Scenario = {
  name: 'parse-decoded',
  description:
    'rdb-parser in decoded mode (values as elements, in chunks) over the RDB file, in a child process; no target',
  limit: 'rdb-load',
  run: (ctx) => runParseWorker(ctx, 'decoded'),
};

export default parseDecoded;
