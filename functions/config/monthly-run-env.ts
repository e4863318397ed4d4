/**
 * The AWS side of the monthly run, built from the stack's environment (infra/monthly-run.ts):
 * the data bucket as a store and Athena as the engine.
 */
import { AthenaEngine } from '../engine/athena-engine';
import { S3Store } from '../store/s3-store';
import { requiredEnv } from './env';

export function dataStoreFromEnv(): S3Store {
  return new S3Store({ bucket: requiredEnv('DATA_BUCKET') });
}

export function athenaEngineFromEnv(): AthenaEngine {
  return new AthenaEngine({
    workGroup: requiredEnv('ATHENA_WORKGROUP'),
    database: requiredEnv('GLUE_DATABASE'),
    outputLocation: `s3://${requiredEnv('ATHENA_RESULTS_BUCKET')}/athena/`,
  });
}
