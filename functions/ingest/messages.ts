/**
 * The words of a receipt: one message per code and column, never containing a value
 * the partner sent (partner data is personal data).
 */
import type { ColumnSpec, DatasetContract, RuleCode } from '../../schemas';

const TYPE_WORDS: Record<ColumnSpec['type'], string> = {
  id: 'an identifier of 1–36 letters, digits, -, _ or /',
  date: 'a date (YYYY-MM-DD or DD/MM/YYYY)',
  datetime: 'a date and time (YYYY-MM-DDThh:mm[:ss], optional Z or ±hh:mm; or DD/MM/YYYY hh:mm); UK local time when no zone, not in the hour skipped when clocks go forward',
  int: 'a whole number',
  text: 'text',
  number: 'a decimal number',
  bool: 'Y/N, YES/NO, TRUE/FALSE or 1/0',
  code: 'one of the listed codes',
  upn: 'a valid Unique Pupil Number',
  nhs: 'a valid NHS number',
  dob: 'a date of birth',
  postcode: 'a UK postcode',
};

/** A message for a row-level code on a column (or a rule's columns). */
export function rowMessage(code: RuleCode, column: string, contract: DatasetContract): string {
  const spec = contract.columns.find((c) => c.name === column);
  switch (code) {
    case 'R001':
      return `${column} is required but empty.`;
    case 'R002':
      if (column === '(row)') return 'The row has more fields than the header; the extra fields were not read.';
      return `${column} is not ${spec ? TYPE_WORDS[spec.type] : 'of its type'}${spec?.min !== undefined || spec?.max !== undefined ? ` in the range ${spec.min ?? '…'} to ${spec.max ?? '…'}` : ''}.`;
    case 'R003':
      return `${column} is not one of the allowed codes: ${(spec?.codes ?? []).join(', ')}.`;
    case 'R004':
      return `${column} fails its check: ${spec ? TYPE_WORDS[spec.type] : 'identifier'} is expected (check character, length and format).`;
    case 'R005': {
      const rule = contract.rules.find((r) => r.kind === 'order' && r.later === column);
      return rule && rule.kind === 'order' ? `${column} is before ${rule.earlier}.` : `${column} is out of order.`;
    }
    case 'R006':
      return `${column} is implausible: before 1900-01-01 or after the day the file was received.`;
    case 'R007':
      return `Duplicate key (${contract.key.join(', ')}): an earlier row has the same key.`;
    case 'R008': {
      const rule = contract.rules.find((r) => r.code === 'R008' && (r.kind === 'together' ? r.columns.includes(column) : r.column === column));
      if (!rule) return `${column} is required here.`;
      if (rule.kind === 'requires') return `${column} is required when ${rule.when} is present.`;
      if (rule.kind === 'together') return `${rule.columns[0]} and ${rule.columns[1]} must both be present or both be absent; ${column} is missing.`;
      if (rule.kind === 'requiredWhenEquals') return `${column} is required when ${rule.when} is ${rule.equals}.`;
      return `${column} is required here.`;
    }
    case 'R009':
      return `${column} is outside the file's period.`;
    case 'R010': {
      const rule = contract.crossRowRules[0];
      return rule ? `Overlaps another row of the same ${rule.by} ([${rule.start}, ${rule.end}) intervals); all overlapping rows are rejected.` : 'Overlaps another row.';
    }
    case 'R011':
      return `${column} is on a Saturday or Sunday.`;
    default:
      return `${code} on ${column}.`;
  }
}
