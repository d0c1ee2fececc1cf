import { definePlugin, Lifecycle, silentLogger, TOKENS } from '@redis-shuttle/core';
import { ClusterWriter } from './ClusterWriter.js';
import {
  CLUSTER_WRITER_CONFIG,
  type ClusterWriterConfig,
  clusterWriterConfigSchema,
} from './ClusterWriterConfig.js';

export { ClusterTopology } from './ClusterTopology.js';
export { ClusterWriter, type ClusterWriterStats } from './ClusterWriter.js';
export {
  CLUSTER_WRITER_CONFIG,
  type ClusterWriterConfig,
  clusterWriterConfigSchema,
} from './ClusterWriterConfig.js';
export * as clusterUtils from './clusterUtils.js';
export { type CommandRoute, CommandRouter, type TransactionGroup } from './CommandRouter.js';
export * as commandUtils from './commandUtils.js';
export { NodeHandle } from './NodeHandle.js';
export { SlotRouter, type SlotRouterHooks, type SlotRouterOptions } from './SlotRouter.js';

/** Writes into a Redis Cluster (any node's `redis://` or `rediss://` URL): routing by hash slot, MOVED/ASK, failover. */
export default definePlugin<ClusterWriterConfig>({
  name: 'cluster',
  kind: 'writer',
  apiVersion: 1,
  configSchema: clusterWriterConfigSchema,
  supports: (endpoint) => /^rediss?:\/\//i.test(endpoint),
  register(container, config) {
    container.register(CLUSTER_WRITER_CONFIG, { useValue: config });
    if (!container.isRegistered(TOKENS.Logger, true))
      container.register(TOKENS.Logger, { useValue: silentLogger });
    if (!container.isRegistered(TOKENS.KeepaliveStrategies, true))
      container.register(TOKENS.KeepaliveStrategies, { useValue: [] });
    container.register(TOKENS.Writer, { useClass: ClusterWriter }, { lifecycle: Lifecycle.ContainerScoped });
  },
});
