import { mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// Kill redis-servers left by test processes that died, before and after the run.
export default mergeConfig(sharedConfig(), { test: { globalSetup: ['./src/globalSetup.ts'] } });
