import { z } from 'zod'

// The only reader of process.env: parsed once, so a bad setting fails at start with a clear message.
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  GUATU_DATA_DIR: z.string().min(1).default('.guatu'),
  GUATU_BASEMAP_STYLE_URL: z.string().url().optional(),
  // an intranet vector basemap: a PMTiles file the app serves with range requests (README "An intranet basemap")
  GUATU_BASEMAP_PMTILES: z.string().min(1).optional(),
  // bootstraps an `admin` account in a database that has none (DATABASE_URL deployments)
  GUATU_ADMIN_PASSWORD: z.string().min(8).optional(),
  GUATU_SESSION_HOURS: z.coerce.number().positive().default(12),
  GUATU_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(8),
  // a request still running after this answers 504 (the event stream, imports and exports are exempt)
  GUATU_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  // pins the zone's date (YYYY-MM-DD) instead of the clock's, for a demo shown as of its own day and for tests;
  // the day then never turns
  GUATU_TODAY: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
    .optional(),
  // imports (README "Import limits"): the upload, what a zip may unpack to, and the threads that read files
  GUATU_IMPORT_MAX_MB: z.coerce.number().positive().default(50),
  GUATU_IMPORT_MAX_UNPACKED_MB: z.coerce.number().positive().default(500),
  GUATU_IMPORT_MAX_ENTRIES: z.coerce.number().int().min(1).default(1000),
  GUATU_IMPORT_MAX_RATIO: z.coerce.number().min(1).default(200),
  GUATU_IMPORT_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  GUATU_IMPORT_WORKER_MB: z.coerce.number().int().min(64).default(2048),
  // behind a reverse proxy that sets X-Forwarded-For and X-Forwarded-Proto (deploy/nginx-guatu.conf): 1 or true
  GUATU_TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  // streaming replicas for reads that tolerate lag (README "Deploying"): PostgreSQL URLs, comma-separated
  GUATU_READ_DATABASE_URLS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().url())),
  // a replica further behind is skipped until it catches up
  GUATU_READ_MAX_LAG_MB: z.coerce.number().positive().default(16),
  GUATU_READ_MAX_DELAY_MS: z.coerce.number().int().min(0).default(10_000),
  // reminders by e-mail (README "Escalation, orders, reminders and meetings"): smtp(s)://user:pass@host:port;
  // unset, nothing is mailed (notifications stay in the app)
  GUATU_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL')
    .optional(),
  GUATU_SMTP_FROM: z.string().min(3).default('Guatu 挂图 <guatu@localhost>'),
  NODE_ENV: z.string().optional(),
})
export type Env = z.infer<typeof Env>

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // an empty variable means unset, as shells and .env files often leave them
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = Env.safeParse(cleaned)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`invalid configuration:\n${lines.join('\n')}`)
  }
  return parsed.data
}
