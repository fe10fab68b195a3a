import { type ChildProcess, spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { DEMO_TODAY } from '../support/app'
import { schemaPool } from '../support/schema-pool'

// The real server process (server/main.ts) stops on SIGTERM without dropping work: a request in flight (a login
// whose body is still arriving) is answered 200, new connections are refused at once, an open event stream is
// ended rather than holding the process, and the process exits 0. On PostgreSQL the server works in this run's
// schema; on the embedded database it starts its own in a fresh directory (and loads the demo district).
// On PostgreSQL also: a write whose client went away still lands; the pool closes after the last handler.
// At start the server re-forecasts stale parcels for its (pinned) zone date; a run under way finishes before it exits.

const dataDir = `/tmp/guatu-shutdown-${process.pid}`
const children: ChildProcess[] = []

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

function serverEnv(): NodeJS.ProcessEnv {
  // the demo's today, pinned: the server's start-up re-forecast must not rewrite the forecasts that the test files
  // running alongside read (they are computed for the demo's today)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    GUATU_DATA_DIR: dataDir,
    GUATU_TODAY: DEMO_TODAY,
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

/** Starts server/main.ts and resolves with its port once it listens; `output` collects what it prints. */
function startServer(output: string[]): Promise<{ port: number; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: serverEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(proc)
  return new Promise((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output.push(chunk.toString())
      const port = /listening on http:\/\/[^:]+:(\d+)/.exec(output.join(''))?.[1]
      if (port) resolve({ port: Number(port), proc })
    }
    proc.stdout?.on('data', collect)
    proc.stderr?.on('data', collect)
    proc.once('exit', (code) =>
      reject(new Error(`server exited ${code} before listening:\n${output.join('')}`)),
    )
  })
}

function exited(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null) return Promise.resolve(proc.exitCode)
  return new Promise((resolve) => proc.once('exit', (code) => resolve(code)))
}

async function until(check: () => boolean) {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20))
}

/** Opens a TCP connection, or resolves with the error code when it is refused. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve('connected')
    })
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message))
  })
}

describe('server/main.ts on SIGTERM', () => {
  it('finishes the request in flight, refuses new connections, ends event streams and exits 0', async () => {
    const output: string[] = []
    const { port, proc } = await startServer(output)
    const base = `http://127.0.0.1:${port}`

    const cookie = await login(base)

    // an open event stream
    const events = await fetch(`${base}/api/events`, { headers: { cookie } })
    const stream = (events.body as ReadableStream<Uint8Array>).getReader()
    expect(new TextDecoder().decode((await stream.read()).value)).toContain('event: ready')

    // a request in flight: headers sent, the server has answered 100 Continue, half the body still to come
    const body = JSON.stringify({ username: 'officer', password: 'guatu-demo' })
    const slow: Socket = connect(port, '127.0.0.1')
    let response = ''
    slow.on('data', (chunk) => {
      response += chunk.toString()
    })
    const closed = new Promise<void>((resolve) => slow.once('close', () => resolve()))
    slow.write(
      `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    )
    await until(() => response.includes('100 Continue'))
    slow.write(body.slice(0, 10))

    proc.kill('SIGTERM')
    await until(() => output.join('').includes('SIGTERM: finishing requests'))
    expect(await tryConnect(port)).toBe('ECONNREFUSED')

    slow.write(body.slice(10))
    await until(() => /\r\n\r\n\{.*\}/s.test(response.split('100 Continue')[1] ?? ''))
    const final = response.slice(response.indexOf('HTTP/1.1', response.indexOf('100 Continue') + 1))
    expect(final).toMatch(/^HTTP\/1\.1 200 /)
    expect(final).toContain('"username":"officer"')

    // the event stream ends by itself, the connection of the finished request closes, and the process exits 0
    let done = false
    while (!done) done = (await stream.read()).done
    await closed
    expect(await exited(proc)).toBe(0)
    const printed = output.join('')
    expect(printed).toContain('stopped')
    // the start-up turn of the day, logged before the database closed
    const turned = new RegExp(`forecasts: \\d+ parcels re-forecast for ${DEMO_TODAY} in \\d+\\.\\d s`).exec(
      printed,
    )
    expect(turned).not.toBeNull()
    expect(turned?.index).toBeLessThan(printed.indexOf('stopped'))
  }, 180_000)

  it.skipIf(inject('databaseKind') !== 'postgres')(
    'keeps the database open until a write whose client has gone away is done',
    async () => {
      const output: string[] = []
      const { port, proc } = await startServer(output)
      const cookie = await login(`http://127.0.0.1:${port}`, 'officer')

      // the write's first query (its session) waits for a lock this test holds; the insert comes after the lock
      // is released, which is after its client has hung up and after SIGTERM
      const holder = schemaPool(inject('databaseUrl'), inject('testSchema'), 1)
      const blocker = await holder.connect()
      try {
        await blocker.query('begin')
        await blocker.query('lock table sessions in access exclusive mode')
        const body = JSON.stringify({
          kind: 'power',
          name: 'T-SHUTDOWN',
          geometry: { type: 'Point', coordinates: [110.95, 20.95] },
        })
        const client = connect(port, '127.0.0.1')
        client.on('error', () => {})
        client.write(
          `POST /api/infrastructure HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        )
        for (;;) {
          const { rows } = await blocker.query<{ n: number }>(
            `select count(*)::int as n from pg_locks where not granted and relation = 'sessions'::regclass`,
          )
          if ((rows[0]?.n ?? 0) > 0) break
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
        // a reset, as from a client that crashed or a proxy that gave up: the server forgets the connection at once
        client.resetAndDestroy()
        proc.kill('SIGTERM')
        await until(() => output.join('').includes('SIGTERM: finishing requests'))
        // time for a server that did not wait to close its pool under the write
        await new Promise((resolve) => setTimeout(resolve, 500))
      } finally {
        await blocker.query('rollback').catch(() => {})
        blocker.release()
      }
      try {
        expect(await exited(proc)).toBe(0)
        const { rows } = await holder.query<{ n: number }>(
          `select count(*)::int as n from infrastructure where name = 'T-SHUTDOWN'`,
        )
        expect(rows[0]?.n).toBe(1)
      } finally {
        await holder.query(`delete from infrastructure where name = 'T-SHUTDOWN'`)
        await holder.end()
      }
    },
    180_000,
  )
})

async function login(base: string, username = 'leader'): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'guatu-demo' }),
  })
  expect(res.status).toBe(200)
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
}
