import { BenchError } from './BenchError.js';
import { isScaleName, type ScaleName } from './scales.js';

export interface BenchArgs {
  scale: ScaleName;
  /** Names of scenarios or limits to run (all when empty). */
  only: string[];
  /** Runs per item; the scale's default when undefined. */
  runs: number | undefined;
  list: boolean;
  help: boolean;
}

export const USAGE = `npm run bench [-- [--scale small|full] [--only NAME[,NAME...]] [--runs N] [--list]]

  --scale small|full   dataset size: small = 100,000 keys (default), full = 1,000,000 keys
  --only NAME          run only these scenarios (and the limits they are compared with) or limits
  --runs N             runs of each scenario and limit (default 1 at small, 2 at full)
  --list               list the scenarios and limits, then exit`;

export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { scale: 'small', only: [], runs: undefined, list: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i]!);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new BenchError(`${flag} needs a value\n\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--scale': {
        const scale = value();
        if (!isScaleName(scale)) throw new BenchError(`--scale must be small or full, not '${scale}'`);
        args.scale = scale;
        break;
      }
      case '--only':
        args.only.push(...value().split(',').filter(Boolean));
        break;
      case '--runs': {
        const runs = Number(value());
        if (!Number.isInteger(runs) || runs < 1) throw new BenchError('--runs must be a whole number ≥ 1');
        args.runs = runs;
        break;
      }
      case '--list':
        args.list = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        throw new BenchError(`unknown option '${argv[i]}'\n\n${USAGE}`);
    }
  }
  return args;
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}
