import { reapOrphans } from './serverRegistry.js';

/**
 * A vitest `globalSetup` module (`@redis-shuttle/testkit/global-setup`): kills redis-servers
 * left behind by test processes that died, before the run and again after it.
 */
export default function setup(): () => void {
  reapOrphans();
  return () => {
    reapOrphans();
  };
}
