/**
 * The synthetic demo borough: a deterministic, realistic set of the files every partner
 * would send, in upload order, with a few deliberately faulty ones mixed in as real
 * partners send them (each marked with what is wrong).
 *
 * @example
 * const borough = await generateBorough({ outDir: '/tmp/demo', children: 2000, months: 6, seed: 7 });
 * for (const f of borough.files) await uploadFile({ store, file: f.path, key: f.key });
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { getDataset } from '../../schemas';
import { writeAttendance, type AttendanceMonth } from './attendance';
import {
  addYears, dayOf, dayOfTime, isoDate, monthEnd, monthIndex, monthOfDay, monthStart, partsOf, periodOf, schoolDaysOfMonth,
} from './calendar';
import { DemoError } from './errors';
import { simulateExclusions } from './exclusions';
import { camhsExtract, councilExtract } from './extracts';
import { simulateHealth } from './health';
import { makeUpn } from './identifiers';
import { makeRegister, makeSchools } from './people';
import { simulatePolice } from './police';
import { Random } from './random';
import { BENCHMARK_YEAR, BENCHMARKS, populationRows, TARGETS } from './reference';
import { simulateSocialCare } from './social-care';
import { writeTable, type Row, type Table, type WriteOptions } from './table';

export interface BoroughOptions {
  /** Children aged 0–17. @default 56_000 */
  children?: number;
  /** Months of partner data, ending at `endPeriod`. @default 24 */
  months?: number;
  /** Last month (YYYY-MM) of data. @default the last complete month before `today` */
  endPeriod?: string;
  /** @default 1 */
  seed?: number;
  /** The day the files are "sent" (dates after it are impossible). @default new Date() */
  today?: Date;
  /** Folder the files are written to, laid out like their keys. */
  outDir: string;
}

export interface DemoFile {
  /** The file on disk. */
  path: string;
  /** `<partner>/<dataset>/<period>/<name>`: where the partner uploads it, under `landing/`. */
  key: string;
  /** What is deliberately wrong or unusual about it, for the demo's summary. */
  fault?: string;
  /** Sent after the month's scorecard has gone out (a restatement, an older extract, a resend). */
  late?: true;
}

export interface BoroughFacts {
  children: number;
  pupils: number;
  schools: number;
  attendanceRows: number;
  /** First and last month of partner data, and the date of the latest snapshots. */
  firstPeriod: string;
  lastPeriod: string;
  snapshotDate: string;
  contacts: number;
  referrals: number;
  assessments: number;
  s47Enquiries: number;
  childrenOnPlans: number;
  childrenLookedAfter: number;
  careLeavers: number;
  adoptions: number;
  missingEpisodes: number;
  youthJusticeOutcomes: number;
  healthAssessments: number;
  measurements: number;
  exclusions: number;
  files: number;
  faultyFiles: number;
}

export interface Borough {
  /** In upload order. */
  files: DemoFile[];
  facts: BoroughFacts;
}

/** The borough of the council papers (scorecard.md §7). */
const FULL_BOROUGH = 56_000;

/** Days after a month's end that its files are extracted and sent. */
const EXTRACT_LAG_DAYS = 5;

/** Resolves the options once, failing early on values that cannot make a borough. */
function resolve(options: BoroughOptions) {
  const children = options.children ?? FULL_BOROUGH;
  const months = options.months ?? 24;
  const seed = options.seed ?? 1;
  const today = options.today ?? new Date();
  if (!Number.isInteger(children) || children < 500) {
    throw new DemoError(`children must be a whole number of at least 500; got ${children}`);
  }
  if (!Number.isInteger(months) || months < 1 || months > 120) throw new DemoError(`months must be 1 to 120; got ${months}`);
  if (!Number.isInteger(seed)) throw new DemoError(`seed must be a whole number; got ${seed}`);
  const todayDay = dayOf(today.getFullYear(), today.getMonth() + 1, today.getDate());
  const todayMonth = monthOfDay(todayDay);
  let endMonth = todayMonth - 1;
  if (options.endPeriod !== undefined) {
    const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(options.endPeriod);
    if (!match) throw new DemoError(`endPeriod must be YYYY-MM; got '${options.endPeriod}'`);
    endMonth = monthIndex(Number(match[1]), Number(match[2]));
    if (endMonth > todayMonth) {
      throw new DemoError(`endPeriod ${options.endPeriod} is after today (${isoDate(todayDay)}); use ${periodOf(todayMonth - 1)} or earlier`);
    }
  }
  return { children, months, seed, todayDay, endMonth, outDir: options.outDir };
}

/**
 * Generates the borough's files under `outDir` and returns them in the order a partner
 * would upload them. The same options give the same files (workbooks aside, whose zip
 * container records the time it was written).
 */
export async function generateBorough(options: BoroughOptions): Promise<Borough> {
  const { children, months, seed, todayDay, endMonth, outDir } = resolve(options);
  const scale = children / FULL_BOROUGH;
  const random = new Random(seed);
  const firstMonth = endMonth - months + 1;
  const windowStart = monthStart(firstMonth);
  // The council extracts its snapshots a few days into the next month, as the police send
  // their monthly files (`sendDay`), so decisions made just after the month end are in
  // them and the last month's timeliness is not understated; never after today.
  const extract = Math.min(monthEnd(endMonth) + EXTRACT_LAG_DAYS, todayDay);
  const olderExtract = monthEnd(endMonth - 1);
  const frontDoorFrom = addYears(windowStart, -2);
  const careFrom = addYears(windowStart, -12);

  const schools = makeSchools(scale, random.fork('schools'));
  const register = makeRegister({
    from: addYears(careFrom, -18), to: extract, perYear: children / 18, schools, random: random.fork('register'),
  });
  const care = simulateSocialCare({ register, random, scale, from: frontDoorFrom, careFrom, to: extract });
  const police = simulatePolice({ register, care, random, scale, from: frontDoorFrom, missingFrom: windowStart, to: extract });
  const health = simulateHealth({ register, schools, care, random, scale, from: windowStart, to: extract });
  const exclusions = simulateExclusions({ register, random, from: windowStart, to: extract });

  const files: DemoFile[] = [];
  const place = async (key: string) => {
    const path = join(outDir, key);
    await mkdir(dirname(path), { recursive: true });
    return path;
  };
  const emit = async (partnerKey: string, table: Table, write: WriteOptions = {}, fault?: string, late?: true) => {
    const path = await place(partnerKey);
    await writeTable(path, table, write);
    files.push({ path, key: partnerKey, ...(fault ? { fault } : {}), ...(late ? { late } : {}) });
    return path;
  };
  const keyOf = (dataset: string, period: string, name: string) => `${getDataset(dataset).partner}/${dataset}/${period}/${name}`;
  const ext = (w: WriteOptions) => (w.format ?? 'csv');

  // Reference data first: the warehouse needs it to compute anything.
  const firstYear = partsOf(windowStart).y;
  const lastYear = partsOf(monthStart(endMonth)).y;
  for (let y = firstYear; y <= lastYear; y++) {
    await emit(keyOf('population', String(y), `mid_year_estimates_${y}.csv`), { dataset: 'population', rows: populationRows(children, random.fork(`population:${y}`)) });
  }
  await emit(
    keyOf('establishments', isoDate(extract), 'establishments.csv'),
    { dataset: 'establishments', rows: schools.map((s) => ({ school_urn: s.urn, name: s.name, phase: s.phase, locality: s.locality })) },
    { encoding: 'win1252' },
    'saved from Excel as Windows-1252 (school names with é and ’)',
  );
  const financialYear = (m: number) => { const { y, m: mm } = partsOf(monthStart(m)); return mm >= 4 ? y : y - 1; };
  for (let fy = financialYear(firstMonth); fy <= financialYear(endMonth); fy++) {
    const last = fy === financialYear(endMonth);
    const write: WriteOptions = last ? { format: 'xlsx' } : {};
    await emit(keyOf('targets', String(fy), `targets_${fy}-${String((fy + 1) % 100).padStart(2, '0')}.${ext(write)}`),
      { dataset: 'targets', rows: [...TARGETS] }, write, last ? 'an Excel workbook' : undefined);
  }
  await emit(keyOf('benchmarks', String(BENCHMARK_YEAR), 'benchmarks_2014-15.csv'), { dataset: 'benchmarks', rows: [...BENCHMARKS] });

  // Council snapshots (and the CAMHS provider's list) as at the end of the last month.
  const snapshot = (asAt: number) => [...councilExtract(care, police, health, asAt, random.fork('extract')), camhsExtract(health, asAt)];
  const dmy = new Set(['lac_episodes', 'care_leavers']);
  const latest = snapshot(extract);
  for (const table of latest) {
    await emit(keyOf(table.dataset, isoDate(extract), `${table.dataset}_${isoDate(extract)}.csv`), table, dmy.has(table.dataset) ? { dates: 'uk' } : {});
  }

  const inMonth = (day: number, m: number) => day >= monthStart(m) && day <= monthEnd(m);
  const sendDay = (m: number) => Math.min(monthEnd(m) + EXTRACT_LAG_DAYS, todayDay);
  const reportedIn = (m: number) => police.missing.filter((e) => inMonth(dayOfTime(e.reportedAt), m));
  // Monthly files; which months carry which fault depends on the number of months (and the
  // restatement on the police having something to restate).
  const at = (offset: number) => Math.max(firstMonth, endMonth - offset);
  const fault = {
    yjMissingColumn: at(2), yjJson: at(1), yjSurname: at(4), missingNdjson: at(3),
    // The latest month with episodes, so that the restatement has something to add.
    missingRestated: [1, 2, 4, 5].map(at).find((m) => reportedIn(m).length > 0) ?? at(1),
    exclusionsXlsx: at(5), exclusionsBadRows: at(0), attendanceBadRows: lastTermMonth(firstMonth, endMonth), duplicate: at(3),
  };
  /** The month's episodes reported by `reportedBy`, with the returns known on `asAt`. */
  const missingTable = (m: number, asAt: number, reportedBy = asAt): Table => ({
    dataset: 'missing_episodes',
    rows: reportedIn(m).filter((e) => dayOfTime(e.reportedAt) <= reportedBy).map((e) => ({
      episode_ref: e.ref, person_ref: e.person.personRef as string, child_id: e.matched ? e.person.childId : null,
      date_of_birth: { day: e.person.dob }, reported_at: { time: e.reportedAt },
      returned_at: dayOfTime(e.returnedAt) <= asAt ? { time: e.returnedAt } : null, risk: e.risk,
    })),
  });
  const attendanceMonths: AttendanceMonth[] = [];
  let restated: { key: string; table: Table } | undefined;
  let duplicate: { key: string; path: string } | undefined;
  for (let m = firstMonth; m <= endMonth; m++) {
    const period = periodOf(m);
    const name = (dataset: string, suffix = '', extension = 'csv') => keyOf(dataset, period, `${dataset}_${period}${suffix}.${extension}`);

    const lacHealth: Table = {
      dataset: 'lac_health',
      rows: health.assessments.filter((a) => inMonth(a.completed, m)).map((a) => ({
        assessment_ref: a.ref, child_id: a.child.childId, nhs_number: a.withNhs ? a.child.nhs : null, type: a.type,
        requested_date: a.requested !== undefined ? { day: a.requested } : null, completed_date: { day: a.completed },
        dental_check_date: a.dental !== undefined ? { day: a.dental } : null, immunisations_up_to_date: a.immunised,
      })),
    };
    const lacHealthPath = await emit(name('lac_health'), lacHealth);
    if (m === fault.duplicate) duplicate = { key: name('lac_health', '_resend'), path: lacHealthPath };

    await emit(name('child_measurements'), {
      dataset: 'child_measurements',
      rows: health.measurements.filter((x) => inMonth(x.date, m)).map((x) => ({
        measurement_ref: x.ref, nhs_number: x.withNhs ? x.child.nhs : null, school_year: x.year, measured_date: { day: x.date }, bmi_category: x.category,
      })),
    });

    const attendanceKey = name('attendance');
    const attendancePath = await place(attendanceKey);
    const badAttendance = m === fault.attendanceBadRows;
    attendanceMonths.push({ month: m, path: attendancePath, ...(badAttendance ? { faultyRows: faultyAttendance(schools[0].urn, m) } : {}) });
    files.push({ path: attendancePath, key: attendanceKey, ...(badAttendance ? { fault: 'a few rows with a wrong UPN check letter or an impossible date (ACCEPTED_WITH_ERRORS)' } : {}) });

    const exclusionRows: Row[] = exclusions.filter((e) => inMonth(e.date, m)).map((e) => ({
      exclusion_ref: e.ref, school_urn: e.schoolUrn, upn: e.pupil.upn, start_date: { day: e.date },
      category: e.permanent ? 'PERMANENT' : 'SUSPENSION', sessions: e.sessions ?? null,
    }));
    if (m === fault.exclusionsXlsx) {
      await emit(name('exclusions', '', 'xlsx'), { dataset: 'exclusions', rows: exclusionRows }, { format: 'xlsx' }, 'an Excel workbook with date cells');
    } else if (m === fault.exclusionsBadRows && exclusionRows.length >= 20) {
      // At most 5 % bad rows: within the 10 % a file may lose before it is rejected (F008).
      const bad = Math.min(5, Math.floor(exclusionRows.length / 20));
      const { y } = partsOf(monthStart(m));
      for (let i = 0; i < bad; i++) {
        const source = exclusionRows[i];
        const upn = String(source.upn);
        exclusionRows.push({
          ...source, exclusion_ref: `EXFIX${i + 1}`,
          ...(i % 2 === 0 ? { upn: wrongCheckLetter(upn) } : { start_date: `${y}-02-30` }),
        });
      }
      await emit(name('exclusions'), { dataset: 'exclusions', rows: exclusionRows }, {}, `${bad} rows with a wrong UPN check letter or an impossible date (ACCEPTED_WITH_ERRORS)`);
    } else {
      await emit(name('exclusions'), { dataset: 'exclusions', rows: exclusionRows });
    }

    if (m === fault.missingRestated) {
      // Sent before the month was over: the last episodes reported, and the returns since, are missing.
      const sent = Math.max(monthStart(m), ...reportedIn(m).map((e) => dayOfTime(e.reportedAt))) - 1;
      await emit(name('missing_episodes'), missingTable(m, sent), { dates: 'uk' });
      restated = { key: name('missing_episodes', '_restated'), table: missingTable(m, extract) };
    } else if (m === fault.missingNdjson) {
      await emit(name('missing_episodes', '', 'ndjson'), missingTable(m, sendDay(m)), { format: 'ndjson' }, 'NDJSON export');
    } else {
      await emit(name('missing_episodes'), missingTable(m, sendDay(m)), { dates: 'uk' });
    }

    const yj: Table = {
      dataset: 'youth_justice_outcomes',
      rows: police.outcomes.filter((o) => inMonth(o.date, m)).map((o) => ({
        outcome_ref: o.ref, person_ref: o.person.personRef as string, date_of_birth: { day: o.person.dob },
        outcome_date: { day: o.date }, outcome: o.outcome, first_time_entrant: o.firstTimeEntrant, surname: 'XXXX',
      })),
    };
    if (m === fault.yjMissingColumn) {
      await emit(name('youth_justice_outcomes'), { ...yj, omit: ['first_time_entrant'] }, {}, 'required column first_time_entrant missing (F004); resent next');
      await emit(name('youth_justice_outcomes', '_v2'), yj);
    } else if (m === fault.yjJson) {
      await emit(name('youth_justice_outcomes', '', 'json'), yj, { format: 'json' }, 'JSON array export');
    } else if (m === fault.yjSurname) {
      await emit(name('youth_justice_outcomes'), { ...yj, extra: ['surname'] }, {}, 'an identifying column (surname, masked) that must be dropped (W002)');
    } else {
      await emit(name('youth_justice_outcomes'), yj);
    }
  }
  const attendanceRows = await writeAttendance({
    seed,
    pupils: register.people.filter((p) => p.receptionYear <= academicYear(monthStart(endMonth)) && p.receptionYear >= academicYear(windowStart) - 11),
    months: attendanceMonths,
  });

  // An older extract that arrives late: it is accepted but the latest snapshot still counts.
  if (olderExtract >= windowStart || months === 1) {
    for (const table of snapshot(olderExtract)) {
      await emit(keyOf(table.dataset, isoDate(olderExtract), `${table.dataset}_${isoDate(olderExtract)}.csv`), table,
        dmy.has(table.dataset) ? { dates: 'uk' } : {}, 'an older snapshot uploaded late (the latest must still win)', true);
    }
  }
  if (restated) await emit(restated.key, restated.table, { dates: 'uk' }, 'restates the month with the episodes and returns reported since', true);
  if (duplicate) {
    const path = await place(duplicate.key);
    await copyFile(duplicate.path, path);
    files.push({ path, key: duplicate.key, fault: 'the same bytes uploaded again under another name (DUPLICATE)', late: true });
  }

  const pupils = register.people.filter((p) => p.receptionYear <= academicYear(extract) && p.receptionYear >= academicYear(extract) - 11).length;
  const tableOf = (name: string) => latest.find((t) => t.dataset === name)?.rows ?? [];
  const openAt = (start: number, end: number | undefined) => start <= extract && (end === undefined || end > extract);
  return {
    files,
    facts: {
      children, pupils, schools: schools.length, attendanceRows,
      firstPeriod: periodOf(firstMonth), lastPeriod: periodOf(endMonth), snapshotDate: isoDate(extract),
      contacts: tableOf('contacts').length, referrals: tableOf('referrals').length, assessments: tableOf('assessments').length,
      s47Enquiries: tableOf('s47_enquiries').length,
      childrenOnPlans: new Set(care.plans.filter((p) => openAt(p.start, p.end)).map((p) => p.child)).size,
      childrenLookedAfter: care.periods.filter((p) => openAt(p.start, p.end)).length,
      careLeavers: tableOf('care_leavers').length, adoptions: tableOf('adoptions').length,
      missingEpisodes: police.missing.length,
      youthJusticeOutcomes: police.outcomes.filter((o) => o.date >= windowStart).length,
      healthAssessments: health.assessments.length, measurements: health.measurements.length, exclusions: exclusions.length,
      files: files.length, faultyFiles: files.filter((f) => f.fault).length,
    },
  };
}

const academicYear = (day: number) => { const { y, m } = partsOf(day); return m >= 9 ? y : y - 1; };

/** The last month of the window with school days, for the faulty attendance rows. */
function lastTermMonth(first: number, last: number): number {
  for (let m = last; m >= first; m--) if (schoolDaysOfMonth(m).length > 0) return m;
  return last;
}

/** A UPN with its check letter swapped for another valid-looking letter. */
function wrongCheckLetter(upn: string): string {
  return `${upn[0] === 'A' ? 'B' : 'A'}${upn.slice(1)}`;
}

/** Rows a school's system exported by mistake: bad check letters and a 30 February. */
function faultyAttendance(schoolUrn: string, month: number): NonNullable<AttendanceMonth['faultyRows']> {
  const day = schoolDaysOfMonth(month)[0] ?? monthStart(month);
  const { y } = partsOf(day);
  const upns = [makeUpn(2999, y, 901), makeUpn(2999, y, 902), makeUpn(2999, y, 903)];
  return [
    { schoolUrn, upn: wrongCheckLetter(upns[0]), date: isoDate(day), session: 'AM', code: '/' },
    { schoolUrn, upn: wrongCheckLetter(upns[0]), date: isoDate(day), session: 'PM', code: '\\' },
    { schoolUrn, upn: wrongCheckLetter(upns[1]), date: isoDate(day), session: 'AM', code: 'N' },
    { schoolUrn, upn: upns[2], date: `${y}-02-30`, session: 'AM', code: '/' },
    { schoolUrn, upn: upns[2], date: `${y}-02-30`, session: 'PM', code: '/' },
  ];
}
