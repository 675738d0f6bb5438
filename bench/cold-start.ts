/**
 * Cold-start bench: per function, bundle size (unzipped, zipped) and the time a fresh Node process
 * takes to import the bundle over bare `node -e ""`, for the bundle as built (lazy SDK clients) and
 * for the same handler with its SDK clients loaded at import.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BundleSize, bundleSize } from './cold-start/bundle-size.ts';
import {
  type BuiltVariant,
  checkBuildOptionsInSync,
  eagerBuild,
  lazyBuild,
  ROOT,
  reachableSdkPackages,
} from './cold-start/bundle-variants.ts';
import { type ImportTarget, measureImportTimes } from './cold-start/import-time.ts';
import { type LoadedAtImport, loadedAtImport } from './cold-start/loaded-at-import.ts';
import { type OslsZips, oslsZips } from './cold-start/osls-zips.ts';
import { spread } from './stats.ts';

export const IMPORT_GOAL_MS = 100;
export const IMPORT_GOAL_FUNCTIONS = ['on-alarm', 'on-event', 'chatops'];
/** 1 MB read as 1,000,000 bytes (the stricter reading; 1 MiB is 1,048,576). */
export const ZIP_GOAL_BYTES = 1_000_000;

export const VARIANTS = ['lazy', 'eager'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface ColdStartOptions {
  quick: boolean;
  keepBuilds: boolean;
  log: (line: string) => void;
}

export interface VariantResult {
  size: BundleSize;
  /** The files importing the bundle evaluates (entry and static chunks), from the esbuild metafile. */
  loadedAtImport: LoadedAtImport;
  /** Median wall time of `node -e "import(bundle)"`, ms. */
  importMs: number;
  /** importMs minus the median of bare `node -e ""`. */
  importOverBareMs: number;
  /** (max - min) / median of the runs. */
  importSpread: number;
  runsMs: number[];
}

export interface FunctionResult {
  name: string;
  /** AWS SDK client packages the function's code imports (lazily in the built bundle). */
  sdkPackages: string[];
  variants: Record<Variant, VariantResult>;
  goals: {
    /** ≤ IMPORT_GOAL_MS over bare node, for the bundle as built; undefined where the goal does not apply. */
    importPass: boolean | undefined;
    /** Zip of the bundle as built (source maps included if the build makes any). */
    zipPass: boolean;
    zipWithoutMapsPass: boolean;
    /** The zip `osls package` makes for the function; undefined when packaging failed. */
    oslsZipPass: boolean | undefined;
  };
}

export interface ColdStartReport {
  zipMethod: string;
  runs: number;
  warmupRuns: number;
  bareNodeMs: number;
  bareNodeSpread: number;
  bareNodeRunsMs: number[];
  /** Lines of the copied esbuild options missing from scripts/build.mjs (empty when in sync). */
  buildOptionsDrift: string[];
  /** Functions expected by the goals but absent from functions/. */
  missingFunctions: string[];
  functions: FunctionResult[];
  /** `osls package` (serverless.yml, serverless-esbuild): the zips that deploy. */
  osls: OslsZips;
}

function functionNames(): string[] {
  return readdirSync(join(ROOT, 'functions'))
    .filter((name) =>
      statSync(join(ROOT, 'functions', name, 'handler.ts'), { throwIfNoEntry: false })?.isFile(),
    )
    .sort();
}

export async function runColdStartBench({
  quick,
  keepBuilds,
  log,
}: ColdStartOptions): Promise<ColdStartReport> {
  const drift = checkBuildOptionsInSync();
  if (drift.length > 0) {
    log(`warning: scripts/build.mjs no longer has these options the bench copies:\n  ${drift.join('\n  ')}`);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'reflex-bench-'));
  try {
    const names = functionNames();
    const started = performance.now();
    const built = await Promise.all(
      names.map(async (name) => {
        const lazy = await lazyBuild(name, join(scratch, 'lazy', name));
        const sdkPackages = reachableSdkPackages(lazy.metafile);
        const eager = await eagerBuild(name, sdkPackages, join(scratch, 'eager', name));
        return { name, sdkPackages, lazy, eager };
      }),
    );
    const osls = await oslsZips(join(scratch, 'osls'));
    if (osls.error) log(`warning: osls package failed, its zips are not measured:\n${osls.error}`);
    log(
      `built ${names.length} functions × 2 variants and packaged them with osls in ${Math.round(performance.now() - started)} ms (${scratch})`,
    );

    const runs = quick ? 5 : 15;
    const warmupRuns = quick ? 1 : 2;
    const bare: ImportTarget = { key: 'bare', entry: undefined };
    const targets: ImportTarget[] = [
      bare,
      ...built.flatMap(({ name, lazy, eager }) => [
        { key: `${name}/lazy`, entry: lazy.entry },
        { key: `${name}/eager`, entry: eager.entry },
      ]),
    ];
    log(`timing imports: ${targets.length} targets × ${runs} runs (+${warmupRuns} warm-up), interleaved…`);
    const times = await measureImportTimes(targets, runs, warmupRuns);
    const bareMs = times.medians.bare ?? Number.NaN;

    const functions = built.map(({ name, sdkPackages, lazy, eager }): FunctionResult => {
      const variant = (key: Variant, build: BuiltVariant): VariantResult => {
        const runsMs = times.runs[`${name}/${key}`] ?? [];
        const importMs = times.medians[`${name}/${key}`] ?? Number.NaN;
        return {
          size: bundleSize(build.dir, scratch),
          loadedAtImport: loadedAtImport(build.metafile, build.entry),
          importMs,
          importOverBareMs: importMs - bareMs,
          importSpread: spread(runsMs),
          runsMs,
        };
      };
      const variants = { lazy: variant('lazy', lazy), eager: variant('eager', eager) };
      return {
        name,
        sdkPackages,
        variants,
        goals: {
          importPass: IMPORT_GOAL_FUNCTIONS.includes(name)
            ? variants.lazy.importOverBareMs <= IMPORT_GOAL_MS
            : undefined,
          zipPass: variants.lazy.size.zipBytes <= ZIP_GOAL_BYTES,
          zipWithoutMapsPass: variants.lazy.size.zipBytesWithoutMaps <= ZIP_GOAL_BYTES,
          oslsZipPass: osls.bytes[name] === undefined ? undefined : osls.bytes[name] <= ZIP_GOAL_BYTES,
        },
      };
    });
    return {
      zipMethod: 'zip CLI, -9 (deflate level 9), whole bundle directory; again with -x "*.map"',
      runs,
      warmupRuns,
      bareNodeMs: bareMs,
      bareNodeSpread: spread(times.runs.bare ?? []),
      bareNodeRunsMs: times.runs.bare ?? [],
      buildOptionsDrift: drift,
      missingFunctions: IMPORT_GOAL_FUNCTIONS.filter((name) => !names.includes(name)),
      functions,
      osls,
    };
  } finally {
    if (keepBuilds) log(`kept the builds in ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}
