import { col, defineDataset, required } from '../contract';
import { ATTENDANCE_CODES } from '../codes';

export const attendance = defineDataset({
  name: 'attendance',
  partner: 'schools',
  cadence: 'month',
  description: 'Daily register marks, one row per pupil per session (the large feed).',
  key: ['school_urn', 'upn', 'date', 'session'],
  columns: {
    school_urn: required(col.id({ note: '6-digit URN' })),
    upn: required(col.upn()),
    date: required(col.date({ periodDate: true, weekdayExpected: true })),
    session: required(col.code(['AM', 'PM'])),
    code: required(col.code(ATTENDANCE_CODES, { note: 'DfE attendance code' })),
  },
});
