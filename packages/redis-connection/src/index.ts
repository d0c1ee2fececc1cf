export { LinkKeepalive } from './LinkKeepalive.js';
export { type Arg, commandName, keyOf, type SentCommand } from './SentCommand.js';
export { type LinkEvents, TargetLink, type TargetLinkOptions } from './TargetLink.js';
export { connectError, writeError } from './targetErrors.js';
export { discover, parseInfo, rdbVersionForServer, type TargetFacts } from './targetUtils.js';
export { parseSentinelUrl, type SentinelTarget } from './sentinelUtils.js';
export { linkStatus } from './linkStatus.js';
export { targetConfigShape } from './targetConfigShape.js';
export {
  type CommandBudget,
  type CommandPathLosses,
  formatScore,
  type TargetFeatures,
  ValueCommandBuilder,
} from './ValueCommandBuilder.js';
export { encodeCommand } from './respEncoding.js';
export { decodeDumpPayload } from './dumpDecoding.js';
export { commandPathWarnings, commandWeight, restoreArgs } from './writeUtils.js';
