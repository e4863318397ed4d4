/** Errors of the scorecard domain. Context names periods and indicators, never a child. */

/** Base error for everything that goes wrong while building or writing a scorecard. */
export class ScorecardError extends Error {
  constructor(message: string, readonly context: Readonly<Record<string, string>> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ScorecardError';
  }
}

/** A period that is not `YYYY-MM` (or a month outside 01–12). */
export class InvalidPeriodError extends ScorecardError {
  constructor(received: string) {
    super(
      `Invalid period ${JSON.stringify(received.slice(0, 20))}: expected YYYY-MM, e.g. 2017-01`,
      { received: received.slice(0, 20) },
    );
    this.name = 'InvalidPeriodError';
  }
}

/** A file under `published/` that cannot be read as what an earlier scorecard published. */
export class PublishedValuesError extends ScorecardError {
  constructor(key: string, options?: ErrorOptions) {
    super(`Cannot read earlier published values at '${key}': not valid JSON in the expected shape`, { key }, options);
    this.name = 'PublishedValuesError';
  }
}
