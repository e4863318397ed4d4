/**
 * The deployment settings, read once from CDK context (`cdk.json`, `-c key=value`)
 * and the environment. Every construct receives the resolved `OutturnConfig`; nothing
 * below `app.ts` reads context itself, so a stack is fully described by this object.
 */
import { PARTNERS, type Partner } from '../schemas';

/** Context keys, all under the `outturn:` namespace. */
export const CONTEXT_KEYS = {
  stage: 'outturn:stage',
  name: 'outturn:name',
  account: 'outturn:account',
  region: 'outturn:region',
  partners: 'outturn:partners',
  partnerPrincipals: 'outturn:partnerPrincipals',
  analystPrincipal: 'outturn:analystPrincipal',
  rawRetentionYears: 'outturn:rawRetentionYears',
  quarantineExpiryDays: 'outturn:quarantineExpiryDays',
  landingExpiryDays: 'outturn:landingExpiryDays',
  noncurrentVersionExpiryDays: 'outturn:noncurrentVersionExpiryDays',
  athenaResultsExpiryDays: 'outturn:athenaResultsExpiryDays',
  accessLogExpiryDays: 'outturn:accessLogExpiryDays',
  logRetentionDays: 'outturn:logRetentionDays',
  athenaBytesScannedCutoff: 'outturn:athenaBytesScannedCutoff',
  scheduleExpression: 'outturn:scheduleExpression',
  scheduleTimezone: 'outturn:scheduleTimezone',
  ingestReservedConcurrency: 'outturn:ingestReservedConcurrency',
  ingestMemoryMb: 'outturn:ingestMemoryMb',
  alarmEmail: 'outturn:alarmEmail',
} as const;

/** Everything a stack needs to know about one deployment. */
export interface OutturnConfig {
  /** Deployment stage, part of every name: `dev`, `test`, `prod`. @default 'dev' */
  readonly stage: string;
  /** Short name of the deployment (e.g. the council), prefix of stack and resource names. @default 'outturn' */
  readonly name: string;
  /** Target account. @default CDK_DEFAULT_ACCOUNT, else environment-agnostic */
  readonly account?: string;
  /** Target region. @default CDK_DEFAULT_REGION, else 'eu-west-2' */
  readonly region: string;
  /** Partners that get a role and a landing prefix. @default every partner of datasets.md §1 */
  readonly partners: readonly Partner[];
  /**
   * Who may assume each partner's role: an IAM principal ARN per partner (a role or
   * user in the partner's account, or an account root). @default this account's root
   */
  readonly partnerPrincipals: Readonly<Partial<Record<Partner, string>>>;
  /** Who may assume the analyst role. @default this account's root */
  readonly analystPrincipal?: string;
  /** Years raw/ keeps every upload's exact bytes. @default 7 */
  readonly rawRetentionYears: number;
  /** Days before quarantine/ rows expire. @default 90 */
  readonly quarantineExpiryDays: number;
  /** Days before processed landing/ objects expire (raw/ keeps the bytes). @default 90 */
  readonly landingExpiryDays: number;
  /** Days before noncurrent object versions expire, in every bucket. @default 30 */
  readonly noncurrentVersionExpiryDays: number;
  /** Days Athena query results are kept. @default 30 */
  readonly athenaResultsExpiryDays: number;
  /** Days S3 server access logs are kept. @default 365 */
  readonly accessLogExpiryDays: number;
  /** Days Lambda and state machine logs are kept. @default 365 */
  readonly logRetentionDays: number;
  /** Athena's per-query scan limit in bytes. @default 10 GiB */
  readonly athenaBytesScannedCutoff: number;
  /** EventBridge Scheduler expression of the monthly run. @default 'cron(0 8 5 * ? *)' */
  readonly scheduleExpression: string;
  /** IANA time zone of the schedule. @default 'Europe/London' */
  readonly scheduleTimezone: string;
  /** Concurrent ingest invocations at most (protects DuckDB memory and the account). @default 5 */
  readonly ingestReservedConcurrency: number;
  /** Ingest function memory; DuckDB uses most of it. @default 4096 */
  readonly ingestMemoryMb: number;
  /** An e-mail address subscribed to the alarm topic. @default none */
  readonly alarmEmail?: string;
}

/** A wrong setting: says which key, what was received and what is allowed. */
export class ConfigError extends Error {
  constructor(readonly key: string, message: string, options?: ErrorOptions) {
    super(`Context '${key}': ${message}`, options);
    this.name = 'ConfigError';
  }
}

/** Reads one context value; `undefined` when unset. */
export type ContextReader = (key: string) => unknown;

/**
 * Resolves the configuration from a context reader (e.g. `(k) => app.node.tryGetContext(k)`)
 * and environment variables. Fails early on a malformed value.
 */
export function resolveConfig(context: ContextReader, env: NodeJS.ProcessEnv = process.env): OutturnConfig {
  const k = CONTEXT_KEYS;
  const stage = nameLike(k.stage, context(k.stage) ?? 'dev');
  const name = nameLike(k.name, context(k.name) ?? 'outturn');
  const partners = partnerList(context(k.partners) ?? PARTNERS);
  const alarmEmail = optionalString(k.alarmEmail, context(k.alarmEmail));
  const analystPrincipal = optionalString(k.analystPrincipal, context(k.analystPrincipal));
  const account = optionalString(k.account, context(k.account)) ?? env.CDK_DEFAULT_ACCOUNT;
  return {
    stage,
    name,
    ...(account ? { account } : {}),
    region: optionalString(k.region, context(k.region)) ?? env.CDK_DEFAULT_REGION ?? 'eu-west-2',
    partners,
    partnerPrincipals: principalMap(context(k.partnerPrincipals) ?? {}, partners),
    ...(analystPrincipal ? { analystPrincipal } : {}),
    rawRetentionYears: positiveInt(k.rawRetentionYears, context(k.rawRetentionYears) ?? 7),
    quarantineExpiryDays: positiveInt(k.quarantineExpiryDays, context(k.quarantineExpiryDays) ?? 90),
    landingExpiryDays: positiveInt(k.landingExpiryDays, context(k.landingExpiryDays) ?? 90),
    noncurrentVersionExpiryDays: positiveInt(k.noncurrentVersionExpiryDays, context(k.noncurrentVersionExpiryDays) ?? 30),
    athenaResultsExpiryDays: positiveInt(k.athenaResultsExpiryDays, context(k.athenaResultsExpiryDays) ?? 30),
    accessLogExpiryDays: positiveInt(k.accessLogExpiryDays, context(k.accessLogExpiryDays) ?? 365),
    logRetentionDays: positiveInt(k.logRetentionDays, context(k.logRetentionDays) ?? 365),
    athenaBytesScannedCutoff: bytesCutoff(context(k.athenaBytesScannedCutoff) ?? 10 * 1024 ** 3),
    scheduleExpression: scheduleExpression(context(k.scheduleExpression) ?? 'cron(0 8 5 * ? *)'),
    scheduleTimezone: optionalString(k.scheduleTimezone, context(k.scheduleTimezone)) ?? 'Europe/London',
    ingestReservedConcurrency: positiveInt(k.ingestReservedConcurrency, context(k.ingestReservedConcurrency) ?? 5),
    ingestMemoryMb: memory(context(k.ingestMemoryMb) ?? 4096),
    ...(alarmEmail ? { alarmEmail } : {}),
  };
}

/** The stack name of a deployment, e.g. `Outturn-dev` or `Outturn-northshire-prod`. */
export function stackName(config: Pick<OutturnConfig, 'name' | 'stage'>): string {
  return config.name === 'outturn' ? `Outturn-${config.stage}` : `Outturn-${config.name}-${config.stage}`;
}

/** The `<name>-<stage>` prefix of physical names that must be unique in an account. */
export function resourcePrefix(config: Pick<OutturnConfig, 'name' | 'stage'>): string {
  return `${config.name}-${config.stage}`;
}

/** The ingest function's Powertools service name: the `Service` dimension the rejected-file alarm matches. */
export function ingestServiceName(config: Pick<OutturnConfig, 'name' | 'stage'>): string {
  return `${resourcePrefix(config)}-ingest`;
}

// Context given on the command line (`-c key=value`) arrives as a string; JSON in
// cdk.json arrives typed. Both are accepted.
function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const t = value.trim();
  if (/^[[{]/.test(t) || /^-?\d+(\.\d+)?$/.test(t)) {
    try {
      return JSON.parse(t);
    } catch {
      return value;
    }
  }
  return value;
}

function nameLike(key: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[a-z][a-z0-9]{0,19}$/.test(value)) {
    throw new ConfigError(key, `got ${JSON.stringify(value)}; use 1–20 lower-case letters and digits, starting with a letter (e.g. "prod")`);
  }
  return value;
}

function optionalString(key: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new ConfigError(key, `got ${JSON.stringify(value)}; expected a string`);
  return value;
}

function positiveInt(key: string, raw: unknown): number {
  const value = parsed(raw);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ConfigError(key, `got ${JSON.stringify(raw)}; expected a whole number of at least 1`);
  }
  return value;
}

function memory(raw: unknown): number {
  const value = positiveInt(CONTEXT_KEYS.ingestMemoryMb, raw);
  if (value < 1024 || value > 10240) {
    throw new ConfigError(CONTEXT_KEYS.ingestMemoryMb, `got ${value}; expected 1024–10240 (MB)`);
  }
  return value;
}

function bytesCutoff(raw: unknown): number {
  const value = positiveInt(CONTEXT_KEYS.athenaBytesScannedCutoff, raw);
  // Athena's own lower bound for a per-query limit is 10 MB.
  if (value < 10_000_000) {
    throw new ConfigError(CONTEXT_KEYS.athenaBytesScannedCutoff, `got ${value}; Athena accepts at least 10000000 bytes`);
  }
  return value;
}

function scheduleExpression(raw: unknown): string {
  if (typeof raw !== 'string' || !/^(cron|rate|at)\(.+\)$/.test(raw.trim())) {
    throw new ConfigError(CONTEXT_KEYS.scheduleExpression, `got ${JSON.stringify(raw)}; expected an EventBridge Scheduler expression such as "cron(0 8 5 * ? *)"`);
  }
  return raw.trim();
}

function partnerList(raw: unknown): Partner[] {
  const value = parsed(raw);
  const list = typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value;
  const known = PARTNERS as readonly string[];
  if (!Array.isArray(list) || list.length === 0 || !list.every((p) => typeof p === 'string' && known.includes(p))) {
    throw new ConfigError(CONTEXT_KEYS.partners, `got ${JSON.stringify(raw)}; expected a non-empty list of ${PARTNERS.join(', ')}`);
  }
  return [...new Set(list as Partner[])];
}

function principalMap(raw: unknown, partners: readonly Partner[]): Partial<Record<Partner, string>> {
  const value = parsed(raw);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(CONTEXT_KEYS.partnerPrincipals, `got ${JSON.stringify(raw)}; expected an object such as {"council": "arn:aws:iam::111122223333:role/uploader"}`);
  }
  for (const [partner, arn] of Object.entries(value)) {
    if (!partners.includes(partner as Partner)) {
      throw new ConfigError(CONTEXT_KEYS.partnerPrincipals, `names partner '${partner}', which is not one of ${partners.join(', ')}`);
    }
    if (typeof arn !== 'string' || !/^arn:aws[a-z-]*:iam::\d{12}:(root|role\/.+|user\/.+)$/.test(arn)) {
      throw new ConfigError(CONTEXT_KEYS.partnerPrincipals, `value for '${partner}' is ${JSON.stringify(arn)}; expected an IAM role, user or account-root ARN`);
    }
  }
  return value as Partial<Record<Partner, string>>;
}
