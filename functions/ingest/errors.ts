import type { FileCode } from '../../schemas';

/** Base of every ingest error. Context never carries an identifier's value. */
export class IngestError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IngestError';
  }
}

/**
 * A file-level rejection (datasets.md §5, F001–F008): data, not a failure. The
 * pipeline turns it into a `REJECTED` receipt.
 */
export class FileRejection extends IngestError {
  constructor(
    readonly code: FileCode,
    message: string,
    readonly column?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'FileRejection';
  }
}

/** Configuration that makes ingest impossible (no pseudonymisation key): fail closed. */
export class IngestConfigurationError extends IngestError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IngestConfigurationError';
  }
}
