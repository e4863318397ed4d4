/**
 * The one error the readers throw for a partner file that cannot be staged. It maps
 * straight onto a receipt's file-level rule code (datasets.md §5); anything else a
 * reader throws is a programming or environment error, not a data problem.
 */

/** The file-level codes a reader can decide on its own. */
export const FILE_FAULT_CODES = Object.freeze({
  /** Unreadable: not valid CSV/XLSX/JSON, corrupt or encrypted workbook, binary content. */
  unreadable: 'F003',
  /** Empty: no header row at all. */
  empty: 'F005',
  /** Too large: over a configured row, column, field or size limit. */
  tooLarge: 'F006',
} as const);

export type FileFaultCode = (typeof FILE_FAULT_CODES)[keyof typeof FILE_FAULT_CODES];

/** Where in the partner's file the fault was found, when a place can be named. */
export interface FileFaultContext {
  /** Partner row number (CSV/XLSX row, JSON object position, NDJSON line). */
  readonly row?: number;
}

/**
 * A partner file that cannot be staged. The message names the problem and where it is,
 * never a value from the file (values may be personal data).
 */
export class FileFault extends Error {
  readonly code: FileFaultCode;
  readonly row: number | undefined;

  constructor(code: FileFaultCode, message: string, context: FileFaultContext = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FileFault';
    this.code = code;
    this.row = context.row;
  }
}

/** Shorthand for the F003 a reader raises on content it cannot read. */
export function unreadable(message: string, context?: FileFaultContext, options?: ErrorOptions): FileFault {
  return new FileFault(FILE_FAULT_CODES.unreadable, message, context, options);
}

/** Shorthand for the F006 a reader raises when a configured limit is passed. */
export function tooLarge(message: string, context?: FileFaultContext): FileFault {
  return new FileFault(FILE_FAULT_CODES.tooLarge, message, context);
}
