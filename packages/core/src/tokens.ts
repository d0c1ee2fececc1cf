import type { InjectionToken } from 'tsyringe';
import type { Filter } from './contracts/Filter.js';
import type { KeepaliveStrategy } from './contracts/KeepaliveStrategy.js';
import type { Logger } from './contracts/Logger.js';
import type { Reader } from './contracts/Reader.js';
import type { Writer } from './contracts/Writer.js';
import type { PipelineOptions } from './pipeline/PipelineOptions.js';

/**
 * Every injection token of redis-shuttle, in one place. Interface-typed constructor
 * parameters always use `@inject(TOKENS.X)`, so resolution never depends on emitted metadata.
 */
export const TOKENS = {
  Reader: Symbol('redis-shuttle.Reader') as InjectionToken<Reader>,
  Writer: Symbol('redis-shuttle.Writer') as InjectionToken<Writer>,
  /** Zero or more; resolve with `injectAll` only after checking `isRegistered`. */
  Filter: Symbol('redis-shuttle.Filter') as InjectionToken<Filter>,
  /** Registered once by each keepalive plugin (a multi-registration). */
  KeepaliveStrategy: Symbol('redis-shuttle.KeepaliveStrategy') as InjectionToken<KeepaliveStrategy>,
  /**
   * The strategies to attach to every connection, in the order configured (possibly none):
   * registered once by the composition root; writers inject this one.
   */
  KeepaliveStrategies: Symbol('redis-shuttle.KeepaliveStrategies') as InjectionToken<KeepaliveStrategy[]>,
  Logger: Symbol('redis-shuttle.Logger') as InjectionToken<Logger>,
  PipelineOptions: Symbol('redis-shuttle.PipelineOptions') as InjectionToken<PipelineOptions>,
  /** Where the run reads from: a path, `-`, or a URL (the reader plugin's own config says more). */
  SourceSpec: Symbol('redis-shuttle.SourceSpec') as InjectionToken<string>,
  /** Where the run writes to: a URL. */
  TargetSpec: Symbol('redis-shuttle.TargetSpec') as InjectionToken<string>,
} as const;
