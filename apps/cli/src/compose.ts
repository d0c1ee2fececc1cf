import {
  container,
  type DependencyContainer,
  type InjectionToken,
  type Logger,
  Pipeline,
  type PipelineOptions,
  type Reader,
  type ShuttlePlugin,
  ShuttleError,
  StatusBoard,
  TOKENS,
  validateConfig,
  type Writer,
} from '@redis-shuttle/core';

export interface PluginPart {
  plugin: ShuttlePlugin;
  config: Record<string, unknown>;
}

export interface RunPlan {
  reader: PluginPart;
  writer: PluginPart;
  /** Keepalive strategies, in order; attached to every writer connection. */
  keepalive: PluginPart[];
  pipeline: PipelineOptions;
  logger: Logger;
}

export interface ComposedRun {
  reader: Reader;
  writer: Writer;
  pipeline: Pipeline;
  status: StatusBoard;
}

/**
 * The composition root: one child container per run, each plugin registers its part, the
 * pipeline is resolved from what they registered. Plugin failures are wrapped with `cause`.
 */
export function composeRun(plan: RunPlan): ComposedRun {
  const scope = container.createChildContainer();
  scope.register(TOKENS.Logger, { useValue: plan.logger });
  scope.register(TOKENS.PipelineOptions, { useValue: plan.pipeline });
  for (const part of plan.keepalive) registerPart(scope, 'keepalive', part);
  const strategies = scope.isRegistered(TOKENS.KeepaliveStrategy)
    ? scope.resolveAll(TOKENS.KeepaliveStrategy)
    : [];
  scope.register(TOKENS.KeepaliveStrategies, { useValue: strategies });
  for (const [role, part] of [
    ['reader', plan.reader],
    ['writer', plan.writer],
  ] as const) {
    const token: InjectionToken<unknown> = role === 'reader' ? TOKENS.Reader : TOKENS.Writer;
    if (scope.isRegistered(token)) {
      throw new ShuttleError('E_PLUGIN_CONFLICT', `two plugins registered a ${role}`, {
        hint: `keep one ${role} plugin in the configuration`,
      });
    }
    const config = validateConfig(part.plugin.configSchema, part.config, role);
    try {
      part.plugin.register(scope, config);
    } catch (error) {
      throw new ShuttleError(
        'E_PLUGIN_INVALID',
        `the ${role} plugin "${part.plugin.name}" failed to register`,
        {
          hint: 'run with --debug to see why; reinstall or update the plugin',
          cause: error,
        },
      );
    }
    if (!scope.isRegistered(token)) {
      throw new ShuttleError(
        'E_PLUGIN_INVALID',
        `the ${role} plugin "${part.plugin.name}" registered no ${role}`,
        {
          hint: `a ${role} plugin registers TOKENS.${role === 'reader' ? 'Reader' : 'Writer'}`,
        },
      );
    }
  }
  const reader = scope.resolve(TOKENS.Reader);
  const writer = scope.resolve(TOKENS.Writer);
  const pipeline = scope.resolve(Pipeline);
  const status = new StatusBoard(reader, writer, pipeline, () => targetDescription(writer));
  return { reader, writer, pipeline, status };
}

function registerPart(scope: DependencyContainer, role: string, part: PluginPart): void {
  const config = validateConfig(part.plugin.configSchema, part.config, `${role}.${part.plugin.name}`);
  try {
    part.plugin.register(scope, config);
  } catch (error) {
    throw new ShuttleError(
      'E_PLUGIN_INVALID',
      `the ${role} plugin "${part.plugin.name}" failed to register`,
      {
        hint: 'run with --debug to see why; reinstall or update the plugin',
        cause: error,
      },
    );
  }
}

function targetDescription(writer: Writer): string {
  return writer.connections()[0]?.endpoint ?? writer.name;
}
