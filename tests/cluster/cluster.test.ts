import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tileAt } from '../../server/domain/tiles'

// The local cluster of `npm run cluster:up` (issue 19): a PostgreSQL primary with one streaming replica, two app
// instances reading from the replica, nginx in front — everything real, from Debian's packages. Run by
// `npm run test:cluster` (its own CI step, as root); `cluster:down` removes it afterwards.

const DIR = '/tmp/guatu-cluster-test'
const PG_PORT = 5440
const REPLICA = '127.0.0.1:5441'
const APP_PORT = 8801
const PROXY = 'http://127.0.0.1:8800'
const PG_VERSION =
  readdirSync('/etc/postgresql')
    .sort((a, b) => Number(a) - Number(b))
    .at(-1) ?? ''
const env = { ...process.env, GUATU_CLUSTER_DIR: DIR }
let promoted: ChildProcess | null = null

function cluster(verb: 'up' | 'down') {
  const run = spawnSync('npm', ['run', '--silent', `cluster:${verb}`], { env, encoding: 'utf8' })
  if (verb === 'up' && run.status !== 0) throw new Error(`cluster:up failed:\n${run.stdout}\n${run.stderr}`)
}

beforeAll(() => {
  cluster('down')
  cluster('up')
})

afterAll(() => {
  if (promoted && promoted.exitCode === null) promoted.kill('SIGKILL')
  cluster('down')
})

function sql(port: number, query: string): string {
  return execFileSync(
    'psql',
    ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'guatu', '-Atc', query],
    {
      encoding: 'utf8',
    },
  ).trim()
}

let cookie = ''

async function call(path: string, init: RequestInit = {}, extraCookie = '') {
  const res = await fetch(`${PROXY}${path}`, {
    ...init,
    headers: {
      'content-type': 'application/json',
      cookie: [cookie, extraCookie].filter(Boolean).join('; '),
      ...init.headers,
    },
  })
  const text = await res.text()
  return {
    status: res.status,
    read: res.headers.get('x-guatu-read'),
    setCookie: res.headers.get('set-cookie') ?? '',
    body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null,
  }
}

async function health() {
  return (await call('/api/health')).body as {
    databases: { role: string; name?: string; up: boolean; reads: number; lag_bytes: number | null }[]
  }
}

async function until(check: () => Promise<boolean>) {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 200))
}

describe('npm run cluster:up: primary + streaming replica, two instances, nginx', () => {
  it('logs in through nginx and reads the parcel list from the replica', async () => {
    const login = await call('/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'officer', password: 'guatu-demo' }),
    })
    expect(login.status).toBe(200)
    cookie = login.setCookie.split(';')[0] ?? ''
    const before = (await health()).databases.find((d) => d.role === 'replica')
    expect(before).toMatchObject({ name: REPLICA, up: true })
    const list = await call('/api/parcels?limit=5')
    expect(list.status).toBe(200)
    expect(list.body.features).toHaveLength(5)
    expect(list.read).toBe(REPLICA)
    // both instances read from it; the health of whichever nginx reaches counts its own reads
    await until(async () => ((await health()).databases.find((d) => d.role === 'replica')?.reads ?? 0) > 0)
  })

  it('sees its own write at once, read from the primary while the replica has not replayed it', async () => {
    const list = await call('/api/parcels?limit=1')
    const parcel = list.body.features[0].properties as { id: number; name: string; version: number }
    // the replica stops replaying: its data stays as it was
    sql(PG_PORT + 1, 'select pg_wal_replay_pause()')
    try {
      const patch = await call(`/api/parcels/${parcel.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ version: parcel.version, name: '集群测试地块' }),
      })
      expect(patch.status).toBe(200)
      const lsn = decodeURIComponent(/guatu_lsn=([^;]+)/.exec(patch.setCookie)?.[1] ?? '')
      expect(lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/)
      // with the write's position: the replica has not replayed it, so the primary answers, with the new name
      const mine = await call(`/api/parcels/${parcel.id}`, {}, `guatu_lsn=${encodeURIComponent(lsn)}`)
      expect(mine.body.properties.name).toBe('集群测试地块')
      expect(mine.read).toBe('primary')
      // another reader (no position) is served by the replica, which still has the old name
      const other = await call(`/api/parcels/${parcel.id}`)
      expect(other.read).toBe(REPLICA)
      expect(other.body.properties.name).toBe(parcel.name)
    } finally {
      sql(PG_PORT + 1, 'select pg_wal_replay_resume()')
    }
    // replay resumed: the replica catches up and serves the new name
    await until(async () => (await call(`/api/parcels/${parcel.id}`)).body.properties.name === '集群测试地块')
  })

  it('keeps the dashboard per instance, and shows a write in the next read: the writer at once, both instances after the change event', async () => {
    const DASHBOARD = '/api/dashboard?from=2026-01-01&to=2026-12-31'
    const ZONE_TODAY = "(now() at time zone 'Asia/Shanghai')::date"
    const late = `status <> 'done' and planned_finish < ${ZONE_TODAY}`
    // the instance's own answer, not nginx's choice of instance
    const lateOn = async (port: number) => {
      const res = await fetch(`http://127.0.0.1:${port}${DASHBOARD}`, { headers: { cookie } })
      return ((await res.json()) as { infrastructure: { late: number } }).infrastructure.late
    }
    const before = Number(sql(PG_PORT, `select count(*) from infrastructure where ${late}`))
    expect(before).toBeGreaterThan(0)
    // both instances keep an answer from before the write
    for (const port of [APP_PORT, APP_PORT + 1]) expect(await lateOn(port)).toBe(before)
    const [id, version, today] = sql(
      PG_PORT,
      `select id || ',' || version || ',' || ${ZONE_TODAY} from infrastructure where ${late} order by id limit 1`,
    ).split(',')
    sql(PG_PORT + 1, 'select pg_wal_replay_pause()')
    try {
      const report = await call(`/api/infrastructure/${id}/progress`, {
        method: 'POST',
        body: JSON.stringify({ on: today, progress_pct: 100, version: Number(version) }),
      })
      expect(report.status).toBe(201)
      const lsn = decodeURIComponent(/guatu_lsn=([^;]+)/.exec(report.setCookie)?.[1] ?? '')
      // the writer's next read, with their write's position: one late item fewer, though the replica has not it
      const mine = await call(DASHBOARD, {}, `guatu_lsn=${encodeURIComponent(lsn)}`)
      expect(mine.body.infrastructure.late).toBe(before - 1)
      // every instance, once the change event has reached it, reads afresh where the change is (the primary)
      for (const port of [APP_PORT, APP_PORT + 1]) {
        await until(async () => (await lateOn(port)) === before - 1)
      }
    } finally {
      sql(PG_PORT + 1, 'select pg_wal_replay_resume()')
    }
  })

  it('answers tiles from nginx per access scope, and a write shows under the new version at once', async () => {
    const login = async (username: string) =>
      (
        (
          await call('/api/auth/login', {
            method: 'POST',
            body: JSON.stringify({ username, password: 'guatu-demo' }),
          })
        ).setCookie.split(';')[0] ?? ''
      ).trim()
    const leader = await login('leader')
    const tileGet = async (url: string, who: string) => {
      const res = await fetch(url, { headers: who ? { cookie: who } : {} })
      const bytes = new Uint8Array(await res.arrayBuffer())
      return {
        status: res.status,
        cache: res.headers.get('x-cache-status'),
        bytes,
        type: res.headers.get('content-type'),
      }
    }
    const codes = (bytes: Uint8Array) => {
      const layer = new VectorTile(new PbfReader(bytes)).layers.parcels
      return Array.from({ length: layer?.length ?? 0 }, (_, i) => layer?.feature(i).properties.code)
    }
    // the map's tile URL: the TileJSON's template, under the data version
    const template = async () =>
      ((await call('/tiles/parcels.json')).body as { tiles: string[] }).tiles[0] ?? ''
    const list = await call('/api/parcels?limit=1')
    const feature = list.body.features[0] as {
      properties: { id: number; code: string; version: number }
      geometry: { coordinates: unknown }
    }
    // a corner of the parcel (a Polygon or a MultiPolygon)
    let position = feature.geometry.coordinates
    while (Array.isArray(position) && Array.isArray(position[0])) position = position[0]
    const [lon = 0, lat = 0] = position as number[]
    const { z, x, y } = tileAt(lon, lat, 16)
    const urlOf = (tiles: string) =>
      tiles.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y))
    const before = urlOf(await template())
    expect(before).toMatch(/\?v=[0-9A-F]+%2F[0-9A-F]+$/)

    // the first ask reaches an instance, the second is nginx's
    const first = await tileGet(before, cookie)
    expect(first.status).toBe(200)
    expect(first.cache).toBe('MISS')
    expect(codes(first.bytes)).toContain(feature.properties.code)
    const second = await tileGet(before, cookie)
    expect(second.cache).toBe('HIT')
    expect(second.bytes).toEqual(first.bytes)
    // another scope (a leader, not a land officer) is not given the officer's copy; a caller without a login or
    // with a made-up session gets no tile at all, in the API's error shape
    expect((await tileGet(before, leader)).cache).toBe('MISS')
    expect((await tileGet(before, leader)).cache).toBe('HIT')
    for (const who of ['', 'guatu_session=not-a-session']) {
      const refused = await tileGet(before, who)
      expect(refused.status).toBe(401)
      expect(refused.type).toContain('json')
      expect(refused.cache).toBeNull()
    }

    // a write while the replica does not replay it: the change event's version is a WAL position the replica
    // lacks, so the tile under it is read from the primary — never a stale copy cached under the new URL
    const events = new AbortController()
    const stream = await fetch(`${PROXY}/api/events`, { headers: { cookie: leader }, signal: events.signal })
    const reader = stream.body?.getReader()
    sql(PG_PORT + 1, 'select pg_wal_replay_pause()')
    let version = ''
    try {
      const patch = await call(`/api/parcels/${feature.properties.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ version: feature.properties.version, code: 'CACHE-1' }),
      })
      expect(patch.status).toBe(200)
      let text = ''
      while (!version && reader) {
        const chunk = await reader.read()
        if (chunk.done) break
        text += new TextDecoder().decode(chunk.value)
        version = /"version":"([0-9A-F]+\/[0-9A-F]+)"/.exec(text)?.[1] ?? ''
      }
      events.abort()
      expect(version).not.toBe('')
      const after = before.replace(/\?v=.*$/, `?v=${encodeURIComponent(version)}`)
      expect(after).not.toBe(before)
      // the leader (no guatu_lsn cookie of their own write) asks for the map's new URL
      const fresh = await tileGet(after, leader)
      expect(fresh.cache).toBe('MISS')
      expect(codes(fresh.bytes)).toContain('CACHE-1')
      expect(codes(fresh.bytes)).not.toContain(feature.properties.code)
      const kept = await tileGet(after, leader)
      expect(kept.cache).toBe('HIT')
      expect(codes(kept.bytes)).toContain('CACHE-1')
    } finally {
      events.abort()
      sql(PG_PORT + 1, 'select pg_wal_replay_resume()')
    }
    // every instance's TileJSON moves to the new version or a later one (each heard the change)
    const lsn = (text: string) => {
      const [high = '0', low = '0'] = decodeURIComponent(text).split('/')
      return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`)
    }
    for (let i = 0; i < 4; i++) {
      const v = /\?v=(.*)$/.exec(await template())?.[1] ?? '0%2F0'
      expect(lsn(v) >= lsn(version)).toBe(true)
    }
  })

  it('keeps answering through instance B when instance A stops', async () => {
    process.kill(Number(readFileSync(`${DIR}/app-a.pid`, 'utf8')), 'SIGTERM')
    await until(async () => {
      try {
        await fetch(`http://127.0.0.1:${APP_PORT}/api/health`)
        return false
      } catch {
        return true
      }
    })
    for (let i = 0; i < 10; i++) expect((await call('/api/parcels?limit=1')).status).toBe(200)
  })

  it('reads from the primary while the replica is down, and says so in health', async () => {
    execFileSync('pg_ctlcluster', [PG_VERSION, 'guatu_replica', 'stop', '-m', 'fast'])
    for (let i = 0; i < 5; i++) {
      const list = await call('/api/parcels?limit=1')
      expect(list.status).toBe(200)
      expect(list.read).toBe('primary')
    }
    await until(async () => (await health()).databases.find((d) => d.role === 'replica')?.up === false)
    execFileSync('pg_ctlcluster', [PG_VERSION, 'guatu_replica', 'start'])
    await until(async () => (await health()).databases.find((d) => d.role === 'replica')?.up === true)
  })

  it('takes writes again after the primary stops, the replica is promoted and an instance points at it', async () => {
    execFileSync('pg_ctlcluster', [PG_VERSION, 'guatu_primary', 'stop', '-m', 'fast'])
    execFileSync('pg_ctlcluster', [PG_VERSION, 'guatu_replica', 'promote'])
    await until(async () => sql(PG_PORT + 1, 'select pg_is_in_recovery()') === 'f')
    // instance B restarted on the promoted database, on A's old port (nginx's upstream knows both)
    process.kill(Number(readFileSync(`${DIR}/app-b.pid`, 'utf8')), 'SIGTERM')
    promoted = spawn('node', ['dist/server/main.js'], {
      env: {
        ...process.env,
        DATABASE_URL: `postgres://postgres@${REPLICA}/guatu`,
        PORT: String(APP_PORT),
        GUATU_TRUST_PROXY: '1',
      },
      stdio: 'ignore',
    })
    await until(async () => (await call('/api/health')).status === 200)
    const list = await call('/api/parcels?limit=1')
    expect(list.status).toBe(200)
    const parcel = list.body.features[0].properties as { id: number; version: number }
    const patch = await call(`/api/parcels/${parcel.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ version: parcel.version, name: '提升后写入' }),
    })
    expect(patch.status).toBe(200)
    expect(sql(PG_PORT + 1, `select name from parcels where id = ${parcel.id}`)).toBe('提升后写入')
  })
})
