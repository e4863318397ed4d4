/** The indicator domain's base error: a bad period, a broken SQL file, a failed run. */
export class IndicatorError extends Error {
  constructor(
    message: string,
    options?: ErrorOptions & { readonly indicatorId?: string; readonly period?: string; readonly file?: string },
  ) {
    super(message, options);
    this.name = 'IndicatorError';
    this.indicatorId = options?.indicatorId;
    this.period = options?.period;
    this.file = options?.file;
  }

  readonly indicatorId?: string;
  readonly period?: string;
  readonly file?: string;
}
