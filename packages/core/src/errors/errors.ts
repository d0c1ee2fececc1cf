import { ShuttleError, type ShuttleErrorOptions } from './ShuttleError.js';

/** One-line semantic subclasses: the class says what kind of failure, the code says which. */
export class ConfigError extends ShuttleError {
  constructor(message: string, options?: ShuttleErrorOptions) {
    super('E_CONFIG', message, options);
  }
}

export class PluginNotInstalledError extends ShuttleError {
  constructor(kind: string, name: string, packageName: string, options?: ShuttleErrorOptions) {
    super(
      'E_PLUGIN_NOT_INSTALLED',
      `the ${kind} plugin "${name}" is not installed — npm install ${packageName}`,
      options,
    );
  }
}

export class SourceError extends ShuttleError {}

export class TargetError extends ShuttleError {}

/**
 * Thrown by a plugin that finds, on connect, that another plugin should handle the endpoint
 * (e.g. the standalone writer finding a cluster). The composition root switches to that plugin,
 * or reports it as not installed.
 */
export class WrongPluginError extends ShuttleError {
  constructor(
    readonly kind: 'reader' | 'writer',
    readonly pluginName: string,
    message: string,
    options?: ShuttleErrorOptions,
  ) {
    super('E_TARGET_UNSUPPORTED', message, options);
  }
}
