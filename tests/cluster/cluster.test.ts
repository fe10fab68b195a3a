import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

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
