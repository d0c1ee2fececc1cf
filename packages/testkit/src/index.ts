export { keySlot } from './clusterSlotUtils.js';
export { type CompareOptions, type ComparisonResult, compareDeployments } from './compareDeployments.js';
export { deploymentDigest } from './deploymentDigest.js';
export type { Deployment, NodeAddress } from './deploymentUtils.js';
export { findRedisServer } from './findRedisServer.js';
export { RedisCluster, type RedisClusterOptions } from './RedisCluster.js';
export { RedisServer, type RedisServerOptions } from './RedisServer.js';
export { RedisServerError } from './RedisServerError.js';
export { reapOrphans } from './serverRegistry.js';
export { tmpDir, type WaitForOptions, waitFor } from './testUtils.js';
export { FAR_FUTURE_MS, type FillOptions, fillEveryType } from './datasets/fillEveryType.js';
export { freePort } from './freePort.js';
export {
  describeWriterContract,
  type WriterContractContext,
  type WriterContractOptions,
  type WriterFactory,
} from './contracts/describeWriterContract.js';
export { type ContractEntryKind, contractEntries } from './contracts/contractEntries.js';
export { RedisSentinel, type RedisSentinelOptions } from './RedisSentinel.js';
export {
  compareWithExpected,
  type ExpectedComparison,
  type ExpectedKey,
  readExpected,
} from './expectedContent.js';
