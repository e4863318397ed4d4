/** The benchmark's JSON output (`npm run bench -- --json`), versioned so runs can be compared. */
import type { IndicatorsSection } from './indicators-section';
import type { IngestSection, MemorySection } from './ingest-section';

export const BENCH_PARTS = ['ingest', 'memory', 'indicators'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

export interface BenchReport {
  /** Bumped when a field changes meaning. */
  readonly schema: 1;
  readonly startedAt: string;
  readonly commit: string;
  readonly machine: {
    readonly cores: number;
    readonly cpu: string;
    readonly memoryBytes: number;
    readonly node: string;
    readonly duckdb: string;
  };
  readonly options: {
    readonly quick: boolean;
    readonly parts: readonly BenchPart[];
    readonly runs: number;
    readonly threads?: number;
    readonly memoryLimit?: string;
  };
  readonly ingest?: IngestSection;
  readonly memory?: MemorySection;
  readonly indicators?: IndicatorsSection;
}
