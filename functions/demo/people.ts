/**
 * The borough's people and schools: every child born in the simulated years (sorted by
 * date of birth, so "a child aged a on day d" is an index range), their identifiers,
 * home locality and the primary and secondary school they attend.
 */
import { addYears, partsOf } from './calendar';
import { makePostcode, makeUpn, nhsNumbers } from './identifiers';
import type { Random } from './random';

export const LOCALITIES = ['NORTH', 'SOUTH', 'CENTRAL'] as const;
export type Locality = (typeof LOCALITIES)[number];

/** Outward postcodes of each locality (a South Yorkshire-like borough). */
const OUTWARD: Readonly<Record<Locality, readonly string[]>> = {
  NORTH: ['S62', 'S63', 'S64'],
  SOUTH: ['S25', 'S26', 'S66'],
  CENTRAL: ['S60', 'S61', 'S65'],
};

export interface School {
  readonly urn: string;
  readonly name: string;
  readonly phase: 'PRIMARY' | 'SECONDARY' | 'SPECIAL';
  readonly locality: Locality;
}

export interface Person {
  readonly index: number;
  readonly childId: string;
  readonly dob: number;
  readonly sex: 'M' | 'F';
  readonly ethnicity: string;
  readonly upn: string;
  readonly nhs: string;
  readonly postcode: string;
  readonly familyId: string;
  readonly locality: Locality;
  /** The September the child starts Reception (age 4 on 1 September). */
  readonly receptionYear: number;
  readonly primaryUrn: string;
  /** Secondary school, or the special school for the few who attend one. */
  readonly secondaryUrn: string;
  /** Police person reference, given on first contact with the police. */
  personRef?: string;
}

const PLACES = [
  'Ashfield', 'Brookside', 'Castle Hill', 'Dale View', 'Elm Grove', 'Fernlea', 'Greenacre', 'Hollins', 'Kingsmead',
  'Larkrise', 'Meadowbank', 'Northgate', 'Oakwood', 'Parkside', 'Queensway', 'Riverside', 'Southfield', 'Thornhill',
  'Upperwood', 'Valley Road', 'Westfield', 'Whinfell', 'Woodlands', 'Highfield', 'Moorside', 'Coppice', 'Redbrook',
  'Sandygate', 'Brampton', 'Ravenfield', 'Kiveton', 'Wickersley', 'Hellaby', 'Treeton', 'Swallownest', 'Aston Lane',
  'Harthill', 'Laughton', 'Thurcroft', 'Maltby Crags', 'Dinnington', 'Wath Road',
];
const PRIMARY_KINDS = ['Primary School', 'Junior and Infant School', 'Community Primary', 'C of E Primary School', 'Primary Academy'];
const SECONDARY_KINDS = ['Academy', 'High School', 'School and Sixth Form', 'Community College'];
const ETHNICITY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['WBRI', 80], ['WOTH', 3], ['WIRI', 0.5], ['WROM', 1], ['MWBC', 1.5], ['MWBA', 0.5], ['MWAS', 1], ['MOTH', 1],
  ['APKN', 6], ['AIND', 0.5], ['ABAN', 0.3], ['AOTH', 0.7], ['BAFR', 1.2], ['BCRB', 0.3], ['BOTH', 0.3], ['CHNE', 0.3],
  ['OOTH', 1], ['REFU', 0.3], ['NOBT', 0.5],
];

/**
 * The schools: about 80 primary and 20 secondary per 56,000 children, and a special
 * school or two. Some names carry characters that Windows-1252 files must keep (é, ’).
 */
export function makeSchools(scale: number, random: Random): School[] {
  const primaries = Math.max(2, Math.round(80 * scale));
  const secondaries = Math.max(1, Math.round(20 * scale));
  const specials = Math.max(1, Math.round(2 * scale));
  const urns = new Set<string>();
  const newUrn = () => {
    let urn: string;
    do urn = String(random.int(100000, 149999)); while (urns.has(urn));
    urns.add(urn);
    return urn;
  };
  const names = new Set<string>();
  const newName = (kinds: readonly string[]) => {
    let name = '';
    for (let draw = 0; draw < 50 && (!name || names.has(name)); draw++) name = `${random.pick(PLACES)} ${random.pick(kinds)}`;
    // A borough with more schools than place-and-kind names (210 primaries' names; ten
    // times the demo has 800 primaries) numbers the repeats rather than drawing forever.
    for (let n = 2; names.has(name); n++) name = `${name.replace(/ \d+$/, '')} ${n}`;
    names.add(name);
    return name;
  };
  const schools: School[] = [];
  for (let i = 0; i < primaries; i++) {
    const name = i === 0 ? 'St Thérèse’s Catholic Primary School' : i === 1 ? 'Notre Dame Café Lane Primary' : newName(PRIMARY_KINDS);
    schools.push({ urn: newUrn(), name, phase: 'PRIMARY', locality: LOCALITIES[i % 3] });
  }
  for (let i = 0; i < secondaries; i++) {
    schools.push({ urn: newUrn(), name: newName(SECONDARY_KINDS), phase: 'SECONDARY', locality: LOCALITIES[i % 3] });
  }
  for (let i = 0; i < specials; i++) {
    schools.push({ urn: newUrn(), name: `${random.pick(PLACES)} Special School ${i + 1}`, phase: 'SPECIAL', locality: LOCALITIES[i % 3] });
  }
  return schools;
}

export interface Register {
  readonly people: readonly Person[];
  /** Index of the first person born on or after `day`. */
  firstBornFrom(day: number): number;
  /** A random child aged between `minAge` and `maxAge` (inclusive) on `day`, or undefined. */
  childAged(day: number, minAge: number, maxAge: number, random: Random): Person | undefined;
  byChildId(id: string): Person | undefined;
}

/**
 * Every child born between `from` and `to`, `perYear` a year, with stable identifiers.
 */
export function makeRegister(options: {
  from: number; to: number; perYear: number; schools: readonly School[]; random: Random;
}): Register {
  const { from, to, perYear, schools, random } = options;
  const count = Math.round(((to - from) / 365.25) * perYear);
  const span = to - from;
  const nhs = nhsNumbers(random.int(0, 999_999));
  const idStart = random.int(0, 9_999_999);
  const inPhase = (phase: School['phase'], locality: Locality) => {
    const local = schools.filter((s) => s.phase === phase && s.locality === locality);
    return local.length ? local : schools.filter((s) => s.phase === phase);
  };
  const specials = schools.filter((s) => s.phase === 'SPECIAL');
  const families = Math.max(1, Math.round(count / 2.1));
  const establishment = new Map(schools.map((s, i) => [s.urn, 2001 + i]));
  const serials = new Map<string, number>();
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    const dob = from + Math.floor(((i + random.next()) * span) / count);
    const { y, m } = partsOf(dob);
    const receptionYear = (m >= 9 ? y : y - 1) + 4;
    const locality = random.weighted<Locality>([['NORTH', 35], ['SOUTH', 30], ['CENTRAL', 35]]);
    const primary = random.pick(inPhase('PRIMARY', locality));
    const special = specials.length > 0 && random.chance(0.012);
    const secondary = special ? random.pick(specials) : random.pick(inPhase('SECONDARY', locality));
    // Child ids step through 7 digits by a stride coprime with 10^7: unique, and some start with zeros.
    const childNumber = (idStart + i * 7919) % 10_000_000;
    // The UPN is issued by the primary school in the Reception year; a serial per school and year keeps it unique.
    const serialKey = `${primary.urn}:${receptionYear}`;
    const serial = serials.get(serialKey) ?? 0;
    serials.set(serialKey, serial + 1);
    const upn = makeUpn(establishment.get(primary.urn) as number, receptionYear, serial, random.chance(0.01));
    people.push({
      index: i,
      childId: `C${String(childNumber).padStart(7, '0')}`,
      dob,
      sex: random.chance(0.512) ? 'M' : 'F',
      ethnicity: random.weighted(ETHNICITY_WEIGHTS),
      upn,
      nhs: nhs.next().value as string,
      postcode: makePostcode(random.pick(OUTWARD[locality]), () => random.next()),
      familyId: `F${String(100000 + random.int(0, families - 1)).padStart(6, '0')}`,
      locality,
      receptionYear,
      primaryUrn: primary.urn,
      secondaryUrn: secondary.urn,
    });
  }
  const byId = new Map(people.map((p) => [p.childId, p]));
  const firstBornFrom = (day: number) => {
    let lo = 0;
    let hi = people.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (people[mid].dob < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    people,
    firstBornFrom,
    childAged(day, minAge, maxAge, r) {
      const lo = firstBornFrom(addYears(day, -(maxAge + 1)) + 1);
      const hi = firstBornFrom(addYears(day, -minAge) + 1);
      return hi > lo ? people[r.int(lo, hi - 1)] : undefined;
    },
    byChildId: (id) => byId.get(id),
  };
}

