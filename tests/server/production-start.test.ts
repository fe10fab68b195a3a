import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DEMO_TODAY } from '../support/app'
import { schemaPool } from '../support/schema-pool'

// The production start (issue 19): `npm run build:server` bundles the server to JavaScript in dist/server, and
// `npm run serve` runs it with node — no tsx, no vite. A supervisor that sends SIGTERM to the npm process it
// started must stop the server too (before, `npm start` left it running orphaned). An import is read by the
// bundled worker, so the worker's entry is found in the built server as well. The built server then answers through
// nginx with the locations of deploy/guatu-locations.conf (CI installs nginx and fails without it; elsewhere a
// missing nginx skips that part and says so).

const IN_CI = Boolean(process.env.CI)
const HAS_NGINX = IN_CI || spawnSync('nginx', ['-v'], { stdio: 'ignore' }).status === 0
if (!HAS_NGINX)
  console.warn('production-start: skipping the nginx part: nginx is not installed (apt-get install nginx)')

const dataDir = `/tmp/guatu-production-start-${process.pid}`
let npm: ChildProcess | null = null
let nginx: ChildProcess | null = null

beforeAll(() => {
  execFileSync('npm', ['run', '--silent', 'build:server'], { stdio: 'pipe' })
})

afterAll(async () => {
  // nginx's master stops its workers on SIGTERM
  if (nginx && nginx.exitCode === null) {
    nginx.kill('SIGTERM')
    await exited(nginx)
  }
  if (npm?.pid && npm.exitCode === null) {
    try {
      process.kill(-npm.pid, 'SIGKILL')
    } catch {}
  }
  rmSync(dataDir, { recursive: true, force: true })
})

function serverEnv(): NodeJS.ProcessEnv {
  // the demo's today, pinned, so the server's start-up re-forecast leaves the forecasts other test files read alone
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    GUATU_DATA_DIR: dataDir,
    GUATU_TODAY: DEMO_TODAY,
    GUATU_TRUST_PROXY: '1',
  }
  if (inject('databaseKind') === 'postgres') {
    const url = new URL(inject('databaseUrl'))
    url.searchParams.set('options', `-c search_path=${inject('testSchema')},public`)
    env.DATABASE_URL = url.href
  } else {
    delete env.DATABASE_URL
  }
  return env
}

function exited(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null) return Promise.resolve(proc.exitCode)
  return new Promise((resolve) => proc.once('exit', (code) => resolve(code)))
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** The command lines of a process's children, from /proc. */
function childrenOf(pid: number): { pid: number; args: string[] }[] {
  const out = execFileSync('ps', ['--ppid', String(pid), '-o', 'pid='], { encoding: 'utf8' })
  return out
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((child) => child > 0)
    .map((child) => ({
      pid: child,
      args: readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').filter(Boolean),
    }))
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** nginx in the foreground with the deploy/ locations in front of the app on `appPort`; resolves with its port. */
async function startNginx(appPort: number): Promise<number> {
  const prefix = `${dataDir}-nginx`
  mkdirSync(`${prefix}/logs`, { recursive: true })
  const port = await freePort()
  writeFileSync(
    `${prefix}/nginx.conf`,
    `${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  proxy_cache_path ${prefix}/cache keys_zone=guatu_cache:1m;
  upstream guatu { server 127.0.0.1:${appPort}; keepalive 4; }
  server {
    listen 127.0.0.1:${port};
    include ${resolve('deploy/guatu-locations.conf')};
  }
}
`,
  )
  nginx = spawn('nginx', ['-p', prefix, '-c', `${prefix}/nginx.conf`, '-g', 'daemon off;'], {
    stdio: 'inherit',
  })
  while (!(await answers(port))) await new Promise((wait) => setTimeout(wait, 50))
  return port
}

async function answers(port: number): Promise<boolean> {
  return !(await refused(port))
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

describe('npm run serve (the built server)', () => {
  it('serves the API with node alone, reads imports in its bundled worker, and stops with the npm process', async () => {
    const output: string[] = []
    // its own process group, so the clean-up can stop everything; the test itself signals only npm
    npm = spawn('npm', ['run', 'serve'], {
      env: serverEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    const port = await new Promise<number>((resolve, reject) => {
      const collect = (chunk: Buffer) => {
        output.push(chunk.toString())
        const found = /listening on http:\/\/[^:]+:(\d+)/.exec(output.join(''))?.[1]
        if (found) resolve(Number(found))
      }
      npm?.stdout?.on('data', collect)
      npm?.stderr?.on('data', collect)
      npm?.once('exit', (code) => reject(new Error(`npm run serve exited ${code}:\n${output.join('')}`)))
    })
    const base = `http://127.0.0.1:${port}`
    const npmPid = npm.pid ?? 0

    // npm's one child is node running the bundle: the script execs it, so npm's signal reaches the server itself
    const children = childrenOf(npmPid)
    expect(children).toHaveLength(1)
    const server = children[0] as { pid: number; args: string[] }
    expect(server.args.slice(1)).toEqual(['dist/server/main.js'])
    expect(server.args.join(' ')).not.toContain('tsx')

    const health = await fetch(`${base}/api/health`)
    expect(health.status).toBe(200)
    expect((await health.json()).status).toBe('ok')

    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'officer', password: 'guatu-demo' }),
    })
    expect(login.status).toBe(200)
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''

    // a dry run of the two-parcel Chinese shapefile (tests/fixtures/import/README.md): read by the worker thread
    const form = new FormData()
    form.set(
      'file',
      new File([readFileSync('tests/fixtures/import/parcels-cgcs2000-gk114-gbk.zip')], 'parcels.zip'),
    )
    form.set('dry_run', 'true')
    const preview = await fetch(`${base}/api/parcels/import`, {
      method: 'POST',
      headers: { cookie },
      body: form,
    })
    const body = await preview.json()
    expect(preview.status, JSON.stringify(body)).toBe(200)
    expect(body.created).toBe(2)
    expect(body.rejected).toEqual([])

    if (HAS_NGINX) {
      const proxy = `http://127.0.0.1:${await startNginx(port)}`
      // through nginx: the web app, and a login whose forged X-Forwarded-For is not believed — the address nginx
      // appended last (the caller's, here loopback) is the one recorded
      const page = await fetch(`${proxy}/`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<div id="root">')
      const viaProxy = await fetch(`${proxy}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' },
        body: JSON.stringify({ username: 'leader', password: 'guatu-demo' }),
      })
      expect(viaProxy.status).toBe(200)
      // plain HTTP to nginx: not a Secure cookie (over HTTPS it would be, see the auth route test)
      expect(viaProxy.headers.get('set-cookie')).not.toMatch(/;\s*Secure/i)
      const leader = (viaProxy.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
      // the event stream arrives unbuffered: its first event comes through while the stream stays open
      const events = await fetch(`${proxy}/api/events`, { headers: { cookie: leader } })
      const stream = (events.body as ReadableStream<Uint8Array>).getReader()
      expect(new TextDecoder().decode((await stream.read()).value)).toContain('event: ready')
      await stream.cancel()
      if (inject('databaseKind') === 'postgres') {
        const pool = schemaPool(inject('databaseUrl'), inject('testSchema'), 1)
        const { rows } = await pool.query(
          `select ip from login_attempts where username = 'leader' order by id desc limit 1`,
        )
        await pool.end()
        expect(rows).toEqual([{ ip: '127.0.0.1' }])
      }
    }

    // a supervisor stops npm: the server finishes, closes the database and exits; npm exits 0 after it
    process.kill(npmPid, 'SIGTERM')
    expect(await exited(npm)).toBe(0)
    expect(output.join('')).toContain('SIGTERM: finishing requests')
    expect(output.join('')).toContain('stopped')
    expect(alive(server.pid)).toBe(false)
    expect(await refused(port)).toBe(true)
  })
})
