import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestPool, loginCookie, testApp, testPool } from '../support/app'
import { makeParcel, squarePolygon } from '../support/factories'

// Hostile input, generated from the app's own route list: every write route under /api and every GET route gets
// fast-check bodies, query strings and path parameters meant to break it, sent as admin so they reach validation.
// Every answer is below 500 and, from 400 up, in the one error shape. Path ids name no record (or are not ids),
// so only the create routes may write; what they accept is counted, removed afterwards, and the database must
// then match its fingerprint from before the run: a rejected request wrote nothing.
const app = testApp()
const SEED = 20_260_701

const routes = [
  ...new Set(
    app.routes
      .filter((r) => r.method !== 'ALL' && /^\/(api|tiles|ogc)(\/|$)/.test(r.path))
      .map((r) => `${r.method} ${r.path}`),
  ),
].sort()
const writeRoutes = routes.filter(
  (r) => /^(POST|PATCH|PUT|DELETE) \/api\//.test(r) && r !== 'POST /api/auth/logout',
)
const getRoutes = routes.filter((r) => r.startsWith('GET '))

/** Routes that create a record when the body is good: their 2xx answers are real writes, removed afterwards. */
const CREATES = new Set([
  'POST /api/parcels',
  'POST /api/projects',
  'POST /api/infrastructure',
  'POST /api/admin/users',
  'POST /api/auth/tokens',
  'PATCH /api/zone/settings',
  'POST /api/orders',
  'POST /api/meetings',
  'POST /api/firms',
  'POST /api/departments',
])
/** Routes that answer 2xx to a good body without writing anything. */
const READS_BY_POST = new Set([
  'POST /api/briefing.pdf',
  'POST /api/parcels/import',
  // marks the caller's own notifications read: the fuzzing admin has none, so nothing changes
  'POST /api/notifications/read',
])

const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

/** A good body per write route: the fuzz breaks some of its keys, so requests reach the checks past the schema. */
const VALID_BODY: Record<string, () => Record<string, unknown>> = {
  'POST /api/auth/login': () => ({ username: 'fuzz-nobody', password: 'not-the-password' }),
  'POST /api/auth/tokens': () => ({ name: 'fuzz token', role: 'leader' }),
  'POST /api/admin/users': () => ({
    username: `fuzz-${Math.random().toString(36).slice(2, 10)}`,
    password: 'a-long-enough-password',
    role: 'leader',
    display_name: 'Fuzz',
  }),
  'PATCH /api/admin/users/:id': () => ({ role: 'leader', disabled: false, display_name: 'x', version: 1 }),
  'DELETE /api/admin/users/:id/sessions': () => ({}),
  'DELETE /api/admin/tokens/:id': () => ({}),
  'PATCH /api/zone/settings': () => ({ at_risk_margin_days: 30, serving_distance_m: 200, version: 1 }),
  'POST /api/parcels': () => makeParcel(),
  'POST /api/parcels/import': () => ({}),
  'POST /api/firms/indicators/import': () => ({}),
  'POST /api/documents': () => ({}),
  'POST /api/inspections': () => ({}),
  'POST /api/firms': () => ({
    name: `fuzz firm ${Math.random().toString(36).slice(2, 10)}`,
    sector: 'services',
  }),
  'PATCH /api/firms/:id': () => ({ name: 'fuzz firm', sector: 'services', version: 1 }),
  // no such parcel or firm: the service answers 404 and writes nothing
  'POST /api/commitments': () => ({
    parcel_id: 999_999_999,
    firm_id: 999_999_999,
    sold_on: '2026-10-01',
    start_by: '2027-04-01',
    complete_by: '2028-06-30',
    output_from_year: 2029,
  }),
  'PATCH /api/commitments/:id': () => ({ tax_wan_per_mu: 30, version: 1 }),
  'POST /api/parcels/merge': () => ({
    ids: [999_999_998, 999_999_999],
    versions: { '999999998': 1, '999999999': 1 },
    code: 'FUZZ-M',
    reason: 'fuzz',
  }),
  'PATCH /api/parcels/:id': () => ({ ...makeParcel(), version: 1, reason: 'fuzz' }),
  'DELETE /api/parcels/:id': () => ({}),
  'POST /api/parcels/:id/split': () => ({
    line: {
      type: 'LineString',
      coordinates: [
        [110, 20],
        [110.01, 20.01],
      ],
    },
    version: 1,
  }),
  'PATCH /api/parcels/:id/milestones/:kind': () => ({
    actual_on: '2026-01-01',
    owner: 'x',
    note: 'n',
    version: 1,
  }),
  'POST /api/parcels/:id/schedule': () => ({
    target_on: '2027-06-30',
    durations_days: { acquisition: 30 },
    version: 1,
  }),
  'POST /api/projects': () => ({
    name: 'Fuzz project',
    company: 'Fuzz Co',
    sector: 'equipment',
    kind: 'new',
    investment_wan: 1000,
    location: { type: 'Point', coordinates: [110.2, 20.2] },
    needs: { area_mu_min: 10, area_mu_max: 20, land_use: ['M1'], power_kva: 100 },
  }),
  'PATCH /api/projects/:id': () => ({ name: 'x', investment_wan: 5, version: 1 }),
  'POST /api/projects/:id/stage': () => ({ stage: 'negotiating', on: '2026-11-01', version: 1 }),
  'POST /api/projects/:id/blockers': () => ({ title: 't', owner: 'o', due_on: '2026-12-01' }),
  'PATCH /api/projects/:id/blockers/:bid': () => ({ status: 'resolved', resolution: 'r', version: 1 }),
  // follow-up records (issue 15)
  'POST /api/projects/:id/follow-ups': () => ({
    kind: 'visit',
    happened_on: '2026-11-01',
    who: 'w',
    what: 'w',
    next_action: 'n',
    next_on: '2026-11-20',
  }),
  'POST /api/projects/:id/reserve': () => ({ parcel_id: 999_999_999, until: '2027-01-01', version: 1 }),
  'DELETE /api/projects/:id/reserve': () => ({}),
  'POST /api/infrastructure': () => ({
    kind: 'power',
    name: 'Fuzz line',
    planned_start: '2026-01-01',
    planned_finish: '2026-06-01',
    capacity_kva: 100,
    geometry: {
      type: 'LineString',
      coordinates: [
        [110.3, 20.3],
        [110.31, 20.31],
      ],
    },
  }),
  'PATCH /api/infrastructure/:id': () => ({ name: 'x', capacity_kva: 5, version: 1 }),
  'POST /api/infrastructure/:id/progress': () => ({
    on: '2026-11-01',
    progress_pct: 50,
    note: 'n',
    version: 1,
  }),
  'POST /api/briefing.pdf': () => ({
    title: 'Fuzz',
    date: '2026-11-28',
    kpis: [{ label: 'a', value: 'b' }],
    legend: [{ label: 'a', colour: '#aabbcc' }],
    map_png: PNG_1PX,
  }),
  // 压实责任 (issue 16)
  'POST /api/orders': () => ({
    item_type: 'milestone',
    item_id: 999_999_999,
    department_id: 999_999_999,
    instructions: '按期完成',
    due_on: '2026-12-31',
  }),
  'PATCH /api/orders/:id': () => ({ action: 'respond', note: 'n', version: 1 }),
  'POST /api/departments': () => ({
    name: `fuzz-${Math.random().toString(36).slice(2, 10)}`,
    name_en: 'Fuzz Bureau',
    webhook_url: 'https://oapi.dingtalk.com/robot/send?access_token=fuzz',
  }),
  'PATCH /api/departments/:id': () => ({
    name_en: 'x',
    webhook_url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=fuzz',
    version: 1,
  }),
  'POST /api/notifications/read': () => ({ all: true }),
  'POST /api/meetings': () => ({ title: '工作例会', held_on: '2026-11-28', attendees: ['区领导'] }),
  'POST /api/meetings/:id/decisions': () => ({
    item_type: 'milestone',
    item_id: 999_999_999,
    department_id: 999_999_999,
    instructions: '按期完成',
    due_on: '2026-12-31',
  }),
}

/** The query keys each GET route reads (none for the others: they get unknown keys). */
const QUERY_KEYS: Record<string, string[]> = {
  'GET /api/parcels': ['bbox', 'status', 'land_use', 'available_by', 'q', 'limit', 'offset'],
  'GET /api/parcels/export': ['bbox', 'status', 'land_use', 'available_by', 'q', 'format'],
  'GET /api/projects': ['stage', 'sector', 'kind', 'manager', 'q'],
  'GET /api/blockers': ['owner', 'overdue', 'status'],
  'GET /api/infrastructure': ['kind', 'status'],
  'GET /api/dashboard': ['from', 'to', 'sector'],
  'GET /api/search': ['q', 'limit'],
  'GET /api/parcels/:id/matches': ['limit'],
  'GET /api/projects/:id/matches': ['limit'],
  'GET /ogc/collections/:collectionId/items': ['bbox', 'limit', 'offset', 'datetime', 'f'],
  'DELETE /api/parcels/:id': ['version'],
  'DELETE /api/projects/:id/reserve': ['version'],
  'GET /api/inspections': ['bbox', 'limit'],
  'GET /api/late': ['level', 'department', 'type'],
  'GET /api/orders': ['assignee', 'issuer', 'status', 'department', 'kind'],
  'GET /api/notifications': ['limit'],
}

// ---- arbitraries ----

const SQLISH = [
  "'; drop table parcels; --",
  "1' or '1'='1",
  '1; select pg_sleep(5)',
  '"); delete from parcels where ("1"="1',
  "' union select password_hash from users --",
  '$1',
  '\\',
  "'",
  '<script>alert(1)</script>',
  `\${7*7}{{7*7}}`,
]
const NANISH = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1e309',
  '0x10',
  '1_000',
  '١٢٣',
  '',
  '   ',
  'null',
  'undefined',
  'true',
  '9007199254740993',
  '-0',
  '1e-400',
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '+275760-09-13',
]
const UNICODE = ['\u0000', '\uD800', '\uFFFF', '\u202E', '地块\u200B', '🏭'.repeat(100), 'a\u0301', '\r\n\t']

const hostileString = fc.oneof(
  fc.constantFrom(...SQLISH, ...NANISH, ...UNICODE),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer({ min: 65, max: 100_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 1, max: 20_000 }).map((n) => '地'.repeat(n)),
)
const hostileNumber = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    0.5,
    1.5,
    1e308,
    -1e308,
    2 ** 53,
    2 ** 53 + 2,
    Number.MIN_VALUE,
    2 ** 31,
    -(2 ** 31) - 1,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: 1_000_000_000, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: 0 }),
)
const coordinate = fc.oneof(
  { weight: 3, arbitrary: fc.double({ min: -180, max: 180, noNaN: true }) },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(181, -181, 91, -91, null, 'NaN', '1', true, [], {}) },
)
const position = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(coordinate, coordinate) },
  { weight: 1, arbitrary: fc.array(coordinate, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom([], null, 'x', [[1, 2]]) },
)
const closed = (ring: unknown[]) => (ring.length > 0 ? [...ring, ring[0]] : ring)
const ring = fc.oneof(
  fc.array(position, { maxLength: 8 }),
  fc.array(position, { minLength: 3, maxLength: 8 }).map(closed),
  // self-intersecting (bow tie), zero area, and a ring of one repeated point, all closed and in range
  fc.constantFrom(
    [
      [110, 20],
      [110.01, 20.01],
      [110.01, 20],
      [110, 20.01],
      [110, 20],
    ],
    [
      [110, 20],
      [110.01, 20],
      [110.02, 20],
      [110, 20],
    ],
    [
      [110, 20],
      [110, 20],
      [110, 20],
      [110, 20],
    ],
    squarePolygon(179.9995, 89.9995).coordinates[0] ?? [],
  ),
)
/** A number nested `depth` arrays deep. */
const deep = (depth: number) => JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`) as unknown
const geometry = fc.oneof(
  fc.record(
    {
      type: fc.constantFrom(
        'Polygon',
        'MultiPolygon',
        'LineString',
        'MultiLineString',
        'Point',
        'polygon',
        '',
      ),
      coordinates: fc.oneof(
        fc.array(ring, { maxLength: 3 }),
        fc.array(fc.array(ring, { maxLength: 2 }), { maxLength: 2 }),
        fc.array(position, { maxLength: 4 }),
        position,
        fc.constantFrom([], [[]], [[[]]], null),
        fc.integer({ min: 100, max: 1000 }).map(deep),
      ),
    },
    { requiredKeys: [] },
  ),
  fc.record({
    type: fc.constant('GeometryCollection'),
    geometries: fc.array(fc.record({ type: fc.constant('Polygon'), coordinates: fc.array(ring) }), {
      maxLength: 2,
    }),
  }),
  fc.jsonValue({ maxDepth: 3 }),
)

/** Any value in a hostile form: wrong types, huge numbers, strings that look like SQL, deep nesting, geometry. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(null, true, false, [], {}, [null], { $ne: null }, { __proto__: { admin: true } }),
  fc.jsonValue({ maxDepth: 4 }),
  fc.integer({ min: 50, max: 1000 }).map(deep),
  geometry,
)

/** Numbers that could name a real record become ids that name none: the fuzz must not merge or reserve demo parcels. */
function noRealIds(value: unknown, depth = 0): unknown {
  if (depth > 50) return value
  if (typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 1_000_000)
    return 999_000_000 + value
  if (Array.isArray(value)) return value.map((v) => noRealIds(v, depth + 1))
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, noRealIds(v, depth + 1)]))
  return value
}

/** A JSON body for `route`: malformed text, any JSON value, or its good body with some keys broken. */
function bodyFor(route: string): fc.Arbitrary<string> {
  const valid = VALID_BODY[route] ?? (() => ({}))
  const keys = Object.keys(valid())
  const mutated = fc
    .tuple(
      fc.subarray(keys),
      fc.func(hostileValue),
      fc.dictionary(
        fc.oneof(fc.constantFrom(...keys, 'id', 'version', '__proto__', 'constructor'), hostileString),
        hostileValue,
        {
          maxKeys: 3,
        },
      ),
      fc.boolean(),
    )
    .map(([broken, pick, extra, withExtra]) => {
      const body: Record<string, unknown> = valid()
      for (const key of broken) body[key] = pick(key)
      return { ...body, ...(withExtra ? extra : {}) }
    })
  const withGeometry = fc.tuple(geometry, fc.constantFrom('geometry', 'line', 'location')).map(([g, key]) => {
    const body = valid()
    return { ...body, [key in body || keys.length === 0 ? key : 'geometry']: g }
  })
  const json = fc.oneof(
    { weight: 4, arbitrary: mutated },
    { weight: 3, arbitrary: withGeometry },
    { weight: 1, arbitrary: fc.jsonValue() },
    { weight: 1, arbitrary: fc.dictionary(hostileString, hostileValue, { maxKeys: 5 }) },
  )
  const raw = fc.constantFrom(
    '',
    '{',
    '{"a":NaN}',
    '{"geometry":{"type":"Polygon","coordinates":[[[Infinity,1]]]}}',
    'null',
    '[]',
    '1e309',
    '"\\ud800"',
    `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    `{${'"k":1,'.repeat(10_000)}"k":2}`,
  )
  return fc.oneof(
    { weight: 12, arbitrary: json.map((b) => JSON.stringify(noRealIds(b)) ?? 'null') },
    { weight: 1, arbitrary: raw },
  )
}

/** Path parameter values that are not ids of existing records. */
const HOSTILE_IDS = [
  '999999999',
  '0',
  '-1',
  '1e309',
  '1e20',
  '1.5',
  'NaN',
  'Infinity',
  '%00',
  '999999999%00',
  '..%2F..%2Fetc%2Fpasswd',
  'abc',
  '9007199254740993',
  encodeURIComponent("1' or '1'='1"),
  '%E2%80%AE',
  '%',
  '%zz',
  'x'.repeat(5000),
]
const SAMPLE: Record<string, string[]> = {
  id: HOSTILE_IDS,
  bid: HOSTILE_IDS,
  featureId: HOSTILE_IDS,
  kind: ['acquisition', 'handover', 'nope', '..%2F', '%00', encodeURIComponent("'; drop table parcels; --")],
  layer: ['parcels', 'projects', 'infrastructure', 'users', '..%2F', '%00'],
  collectionId: ['parcels', 'projects', 'infrastructure', 'users', 'pg_catalog.pg_user', '%00'],
  z: ['0', '14', '-1', '30', '1e309', 'NaN', '%00', '1.5', '99999999999'],
  x: ['0', '-1', '1e309', '99999999999', '%00', '1.5'],
  file: [
    '0.mvt',
    '-1.pbf',
    '1e309.mvt',
    '0.json',
    'parcels.json',
    'users.json',
    '..%2F..%2Fpackage.json',
    '%00.mvt',
  ],
}
/** GET routes may read real records, so their ids also take small real values. */
const READ_IDS = ['1', '2', '17']

function pathFor(path: string, read: boolean): fc.Arbitrary<string> {
  const names = [...path.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '')
  return fc
    .tuple(
      ...names.map((n) =>
        fc.constantFrom(...(SAMPLE[n] ?? ['1']), ...(read && n.endsWith('id') ? READ_IDS : [])),
      ),
    )
    .map((values) => {
      let i = 0
      return path.replace(/:(\w+)/g, () => values[i++] ?? '1')
    })
}

const QUERY_VALUES = [
  '1,2,3',
  '1,2,3,4,5',
  '-181,-91,181,91',
  '200,100,300,400',
  '3,4,1,2',
  ',,,',
  'NaN,NaN,NaN,NaN',
  '1e309,0,1,1',
  '-1',
  '0',
  '1e309',
  '99999999999999999999',
  '1.5',
  '%00',
  '%',
  '%zz',
  '../',
  '..%2F..%2F',
  'available,nope',
  'available,,reserved',
  'geojson',
  'csv',
  'xlsx',
  'true',
  'yes',
  '2026-02-30',
  '2026-11-28/..',
  '../2026-11-28',
  encodeURIComponent("'; drop table parcels; --"),
  "'; drop table parcels; --",
  encodeURIComponent('%_\\'),
  '9'.repeat(400),
]
/** Percent-encodes a string; a lone surrogate becomes bytes that are not UTF-8 at all. */
function encode(s: string): string {
  return s
    .split(/([\uD800-\uDFFF])/)
    .map((part) => (/^[\uD800-\uDFFF]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('')
}
const queryValue = fc.oneof(
  fc.constantFrom(...QUERY_VALUES),
  hostileString.map((s) => encode(s.slice(0, 2000))),
)

function queryFor(route: string): fc.Arbitrary<string> {
  const keys = [...(QUERY_KEYS[route] ?? []), 'limit', 'x', 'constructor']
  return fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...keys), hostileString.map(encode)), queryValue), {
      maxLength: 4,
    })
    .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''))
}

// ---- requests ----

let cookie = ''
const totals = { cases: 0, accepted: new Map<string, number>() }

function isErrorShape(body: unknown): boolean {
  const error = (body as { error?: Record<string, unknown> } | null)?.error
  return (
    !!error &&
    typeof error.code === 'string' &&
    typeof error.message === 'string' &&
    Array.isArray(error.details)
  )
}

async function send(
  route: string,
  url: string,
  init: RequestInit,
): Promise<{ status: number; body: unknown }> {
  totals.cases++
  const res = await app.request(url, { ...init, headers: { ...(init.headers ?? {}), cookie } })
  const text = route === 'GET /api/events' ? '' : await res.text()
  await res.body?.cancel().catch(() => {})
  let body: unknown = null
  try {
    body = JSON.parse(text)
  } catch {}
  if (res.status >= 500 || (res.status >= 400 && !isErrorShape(body)))
    throw new Error(`${init.method ?? 'GET'} ${url.slice(0, 300)} → ${res.status} ${text.slice(0, 500)}`)
  if (res.status < 300 && route !== 'GET /api/events' && !route.startsWith('GET ')) {
    if (!CREATES.has(route) && !READS_BY_POST.has(route))
      throw new Error(`${route} accepted a hostile request: ${url} ${res.status} ${text.slice(0, 300)}`)
    totals.accepted.set(route, (totals.accepted.get(route) ?? 0) + 1)
  }
  return { status: res.status, body }
}

// ---- the database before and after ----

const ID_TABLES = [
  'order_notes',
  'orders',
  'meetings',
  'reservations',
  'blockers',
  'project_follow_ups',
  'project_stage_history',
  'infrastructure_progress',
  'history',
  'projects',
  'firms',
  'infrastructure',
  'parcels',
  'api_tokens',
  'users',
  'documents',
  'inspections',
  'departments',
] as const
const FINGERPRINTED = [
  ...ID_TABLES,
  'zone_settings',
  'file_contents',
  'inspection_photos',
  'parcel_milestones',
  'parcel_infrastructure',
  // the overview sums areas as floats: adding and removing a parcel may move the last digits
  '(select cx, cy, status, parcels, round(area_m2) as area from parcel_overview_cells)',
]

async function fingerprint(): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const table of FINGERPRINTED) {
    const { rows } = await testPool().query<{ n: number; hash: string }>(
      `select count(*) as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as hash from ${table} t`,
    )
    out[table.startsWith('(') ? 'parcel_overview_cells' : table] = `${rows[0]?.n}:${rows[0]?.hash}`
  }
  return out
}

async function maxIds(): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const table of ID_TABLES) {
    const { rows } = await testPool().query<{ max: number }>(
      `select coalesce(max(id), 0) as max from ${table}`,
    )
    out[table] = rows[0]?.max ?? 0
  }
  return out
}

let before: Record<string, string> = {}
let beforeIds: Record<string, number> = {}
let settings = '[]'

beforeAll(async () => {
  cookie = await loginCookie(app, 'admin')
  before = await fingerprint()
  beforeIds = await maxIds()
  // as JSON text, so that timestamps keep their microseconds
  settings =
    (
      await testPool().query<{ rows: string }>(
        "select coalesce(jsonb_agg(z), '[]')::text as rows from zone_settings z",
      )
    ).rows[0]?.rows ?? '[]'
})

afterAll(async () => {
  console.log(
    `fuzz: ${totals.cases} hostile requests over ${writeRoutes.length} write and ${getRoutes.length} GET routes; accepted: ${JSON.stringify(Object.fromEntries(totals.accepted))}`,
  )
  await closeTestPool()
})

// numRuns per route: the whole file takes one to two minutes on the embedded database
const RUNS_WRITE = 150
const RUNS_GET = 60
const RUNS_SLOW: Record<string, number> = {
  // bcrypt on every well-formed login or new user
  'POST /api/auth/login': 60,
  'POST /api/admin/users': 80,
  'PATCH /api/admin/users/:id': 80,
  // a PDF per good request, the whole district per good export
  'POST /api/briefing.pdf': 60,
  'GET /api/meetings/:id/minutes.pdf': 20,
  'GET /api/parcels/export': 30,
  'GET /api/events': 20,
}

describe('the fuzzed routes', () => {
  it('cover every write route with a good body and the main GET routes with their query keys', () => {
    expect(writeRoutes.filter((r) => !(r in VALID_BODY))).toEqual([])
    expect(Object.keys(QUERY_KEYS).filter((r) => !routes.includes(r))).toEqual([])
  })
})

describe.each(writeRoutes)('%s with hostile bodies, path parameters and query strings', (route) => {
  const [method = 'POST', path = '/'] = route.split(' ')
  it('answers below 500, in the error shape, and writes only an accepted create', async () => {
    const multipart = [
      'POST /api/parcels/import',
      'POST /api/firms/indicators/import',
      'POST /api/documents',
      'POST /api/inspections',
    ].includes(route)
    await fc.assert(
      fc.asyncProperty(
        pathFor(path, false),
        queryFor(route),
        bodyFor(route),
        fc.boolean(),
        async (p, q, body, asFile) => {
          if (multipart && asFile) {
            const form = new FormData()
            form.set(
              'file',
              new File([body], `fuzz.${['geojson', 'json', 'csv', 'zip', 'shp'][body.length % 5]}`),
            )
            form.set('dry_run', 'true')
            form.set('crs', body.slice(0, 20))
            form.set('code_field', body.slice(0, 64))
            // documents and inspections: a real subject, so the hostile file and fields reach their checks
            if (route === 'POST /api/documents' || route === 'POST /api/inspections') {
              form.delete('dry_run')
              form.delete('crs')
              form.delete('code_field')
              form.set(
                'subject_type',
                ['parcel', 'milestone', 'project', body.slice(0, 9)][body.length % 4] ?? '',
              )
              form.set('subject_id', String(1 + (body.length % 3)))
              if (body.length % 4 === 1) form.set('milestone_kind', 'handover')
              if (route === 'POST /api/inspections') {
                form.set('client_id', crypto.randomUUID())
                form.set('finding', body.length % 2 ? 'normal' : body.slice(0, 8))
                form.set('note', body.slice(0, 200))
                form.append('photos', new File([body], 'fuzz.jpg'))
              }
            }
            await send(route, `${p}${q}`, { method, body: form })
          } else {
            const headers = { 'content-type': 'application/json' }
            await send(route, `${p}${q}`, {
              method,
              headers,
              body: method === 'DELETE' && asFile ? undefined : body,
            })
          }
        },
      ),
      { numRuns: RUNS_SLOW[route] ?? RUNS_WRITE, seed: SEED, endOnFailure: true },
    )
  })
})

describe.each(getRoutes)('%s with hostile query strings and path parameters', (route) => {
  const path = route.slice(4)
  it('answers below 500 and in the error shape', async () => {
    await fc.assert(
      fc.asyncProperty(pathFor(path, true), queryFor(route), async (p, q) => {
        await send(route, `${p}${q}`, { method: 'GET' })
      }),
      {
        numRuns: RUNS_SLOW[route] ?? (route in QUERY_KEYS ? RUNS_GET * 2 : RUNS_GET),
        seed: SEED,
        endOnFailure: true,
      },
    )
  })
})

describe('the database after the fuzz', () => {
  it('holds exactly the accepted creates, and after removing them is as before', async () => {
    const afterIds = await maxIds()
    const created = async (table: string) =>
      (
        await testPool().query<{ n: number }>(`select count(*) as n from ${table} where id > $1`, [
          beforeIds[table] ?? 0,
        ])
      ).rows[0]?.n ?? 0
    const accepted = (route: string) => totals.accepted.get(route) ?? 0
    expect(await created('parcels')).toBe(accepted('POST /api/parcels'))
    expect(await created('projects')).toBe(accepted('POST /api/projects'))
    expect(await created('infrastructure')).toBe(accepted('POST /api/infrastructure'))
    expect(await created('users')).toBe(accepted('POST /api/admin/users'))
    expect(await created('api_tokens')).toBe(accepted('POST /api/auth/tokens'))
    expect(await created('firms')).toBe(accepted('POST /api/firms'))
    expect(await created('departments')).toBe(accepted('POST /api/departments'))

    const db = testPool()
    for (const table of ID_TABLES) {
      if ((afterIds[table] ?? 0) > (beforeIds[table] ?? 0))
        await db.query(`delete from ${table} where id > $1`, [beforeIds[table]])
    }
    await db.query('delete from zone_settings')
    await db.query(
      'insert into zone_settings select * from jsonb_populate_recordset(null::zone_settings, $1::jsonb)',
      [settings],
    )
    expect(await fingerprint()).toEqual(before)
  })
})
