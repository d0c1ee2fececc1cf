import 'reflect-metadata';

export {
  container,
  type DependencyContainer,
  type InjectionToken,
  inject,
  injectable,
  injectAll,
  Lifecycle,
} from 'tsyringe';
export { z } from 'zod';

export * from './entry/Entry.js';
export * from './contracts/Reader.js';
export * from './contracts/Writer.js';
export * from './contracts/Filter.js';
export * from './contracts/KeepaliveStrategy.js';
export * from './contracts/Logger.js';
export * from './errors/errorCodes.js';
export * from './errors/ShuttleError.js';
export * from './errors/errors.js';
export * from './errors/redact.js';
export * from './status/ConnectionStatus.js';
export * from './status/RunSummary.js';
export * from './status/StatusBoard.js';
export * from './pipeline/Pipeline.js';
export * from './pipeline/PipelineOptions.js';
export * from './plugin/ShuttlePlugin.js';
export * from './plugin/pluginUtils.js';
export * from './config/validateConfig.js';
export { TOKENS } from './tokens.js';
export * from './filters/commandGroups.js';
export * from './filters/commandKeys.js';
export * from './filters/KeyMatcher.js';
export * from './filters/KeyFilter.js';
export * from './filters/DbFilter.js';
export * from './filters/DbMapFilter.js';
export * from './filters/CommandFilter.js';
export * from './filters/TransformFilter.js';
export * from './filters/loadTransform.js';
export * from './filters/filterConfig.js';
export * from './filters/createFilters.js';
export * as keepaliveIntervalUtils from './keepalive/keepaliveIntervalUtils.js';
export { ConnectionPinger, type ConnectionPingerOptions } from './keepalive/ConnectionPinger.js';
