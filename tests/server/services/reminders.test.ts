import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findLateItems } from '../../../server/db/escalation'
import { withTransaction } from '../../../server/db/pool'
import { DEFAULT_ESCALATION_THRESHOLDS } from '../../../server/domain/escalation'
import { MILESTONE_KINDS } from '../../../server/domain/vocabulary'
import { type ChangeEvent, inProcessBus } from '../../../server/events'
import { gradeAfterWrites } from '../../../server/services/escalation/grade-after-writes'
import { recordEscalations } from '../../../server/services/escalation/record-escalations'
import { createReminderDelivery } from '../../../server/services/reminders/deliver'
import { writeDigests } from '../../../server/services/reminders/digest'
import { remindRedCards } from '../../../server/services/reminders/notify'
import { closeTestPool, DEMO_TODAY, loginCookie, testApp, testPool } from '../../support/app'

// Reminders end to end: a real SMTP server in this process receives the mails, a local HTTP server plays the
// department's WeCom/DingTalk robot.

interface Received {
  to: string[]
  subject: string
  body: string
}
const mails: Received[] = []
const robot: unknown[] = []

/** RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=), as nodemailer writes a Chinese subject. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    )
}

/** The subject and plain-text body of a single-part message (base64 or quoted-printable). */
function parseMessage(raw: string): { subject: string; body: string } {
  const split = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ')
  const subject = decodeWords(/^subject: (.*)$/im.exec(head)?.[1] ?? '')
  const encoding = /^content-transfer-encoding: (.*)$/im.exec(head)?.[1]?.trim().toLowerCase()
  const text = raw.slice(split + 4)
  const body =
    encoding === 'base64'
      ? Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            text
              .replace(/=\r\n/g, '')
              .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8')
        : text
  return { subject, body }
}

const smtp = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  authOptional: true,
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = []
    stream.on('data', (c: Buffer) => chunks.push(c))
    stream.on('end', () => {
      mails.push({
        to: session.envelope.rcptTo.map((r) => r.address),
        ...parseMessage(Buffer.concat(chunks).toString('utf8')),
      })
      callback()
    })
  },
})
let receiver: Server
let smtpPort = 0
let robotUrl = ''

const events = inProcessBus()
const seen: ChangeEvent[] = []
events.subscribe((e) => seen.push(e))
let delivery: ReturnType<typeof createReminderDelivery>
let grading: ReturnType<typeof gradeAfterWrites>
let app: ReturnType<typeof testApp>
const cookies: Record<string, string> = {}

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  smtpPort = (smtp.server.address() as AddressInfo).port
  receiver = createServer((req, res) => {
    let text = ''
    req.on('data', (c) => (text += c))
    req.on('end', () => {
      robot.push(JSON.parse(text))
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}')
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  robotUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/robot/send?access_token=t`
  await testPool().query(`update departments set webhook_url = $1 where name = '征拆办'`, [robotUrl])
  delivery = createReminderDelivery({
    pool: testPool(),
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    from: 'Guatu 挂图 <guatu@guatu.example.org>',
  })
  grading = gradeAfterWrites({ pool: testPool(), today: () => DEMO_TODAY, events, reminders: delivery })
  app = testApp({ events, reminders: delivery, afterWrite: grading.afterWrite })
  // the grades recorded are today's, so a write's grading mails only what that write moved
  await recordEscalations(testPool(), DEMO_TODAY)
  for (const user of ['leader', 'zhengchai']) cookies[user] = await loginCookie(app, user)
})

afterAll(async () => {
  const db = testPool()
  await db.query(`update departments set webhook_url = null where name = '征拆办'`)
  await db.query(`delete from orders where instructions like 'T-REM%'`)
  await db.query('delete from notifications')
  await db.query('delete from mail_outbox')
  await db.query('delete from webhook_outbox')
  await db.query('delete from digests_sent')
  await grading.settled()
  await delivery.close()
  await new Promise<void>((resolve) => smtp.close(() => resolve()))
  await new Promise<void>((resolve) => receiver.close(() => resolve()))
  await closeTestPool()
})

async function call(method: string, path: string, user: string, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: { cookie: cookies[user] ?? '', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() }
}

describe('reminders of a new order', () => {
  it('mail the department’s users in Chinese, post to its robot, and notify them in the app', async () => {
    const { rows } = await testPool().query<{ id: number; code: string }>(
      `select m.id, p.code from parcel_milestones m join parcels p on p.id = m.parcel_id
       where m.kind = 'clearance' and m.actual_on is null and m.planned_on < $1 order by m.planned_on limit 1`,
      [DEMO_TODAY],
    )
    const department = (
      await testPool().query<{ id: number }>(`select id from departments where name = '征拆办'`)
    ).rows[0]?.id
    const before = seen.length
    const issued = await call('POST', '/api/orders', 'leader', {
      item_type: 'milestone',
      item_id: rows[0]?.id,
      department_id: department,
      instructions: 'T-REM 本月底前完成青苗补偿和清表',
      due_on: '2026-12-31',
    })
    expect(issued.status).toBe(201)
    await delivery.deliver()

    // this order's mail (an earlier test's order may be delivered in the same round)
    const mail = mails.find((m) => m.body.includes('T-REM'))
    expect(mail?.to).toEqual(['zhengchai@guatu.example.org'])
    expect(mail?.subject).toBe(`【督办】${issued.body.title}`)
    expect(mail?.body).toContain('督办要求：T-REM 本月底前完成青苗补偿和清表')
    expect(mail?.body).toContain('办结期限：2026-12-31')

    expect(robot).toContainEqual({
      msgtype: 'text',
      text: { content: expect.stringContaining('T-REM 本月底前完成青苗补偿和清表') },
    })
    expect(seen.slice(before).map((e) => e.resource)).toEqual(
      expect.arrayContaining(['orders', 'notifications']),
    )

    const inbox = await call('GET', '/api/notifications', 'zhengchai')
    expect(inbox.body.unread).toBeGreaterThanOrEqual(1)
    expect(inbox.body.items[0]).toMatchObject({ kind: 'order_issued', read: false, order_id: issued.body.id })
    const read = await call('POST', '/api/notifications/read', 'zhengchai', { all: true })
    expect(read.body.changed).toBe(inbox.body.unread)
    expect((await call('GET', '/api/notifications', 'zhengchai')).body.unread).toBe(0)
    expect(seen.at(-1)?.resource).toBe('notifications')
  })

  it('send nothing by mail when no SMTP server is set', async () => {
    await testPool().query(
      `insert into mail_outbox (recipients, subject, body) values ('{x@guatu.example.org}', 's', 'b')`,
    )
    const unset = createReminderDelivery({ pool: testPool() })
    expect((await unset.deliver()).mails).toBe(0)
    await unset.close()
    await testPool().query(`delete from mail_outbox where subject = 's'`)
  })
})

describe('the outboxes', () => {
  it('do not send what waited more than a day (SMTP set after a while without), and send what is fresh', async () => {
    await testPool().query(
      `insert into mail_outbox (recipients, subject, body, created_at) values
         ('{stale@guatu.example.org}', 'T-REM', 'b', now() - interval '25 hours'),
         ('{fresh@guatu.example.org}', 'T-REM', 'b', now() - interval '23 hours')`,
    )
    await testPool().query(
      `insert into webhook_outbox (url, payload, created_at) values
         ($1, '{"msgtype":"text","text":{"content":"T-REM stale"}}', now() - interval '25 hours'),
         ($1, '{"msgtype":"text","text":{"content":"T-REM fresh"}}', now())`,
      [robotUrl],
    )
    await delivery.deliver()
    const to = mails.flatMap((m) => m.to)
    expect(to).toContain('fresh@guatu.example.org')
    expect(to).not.toContain('stale@guatu.example.org')
    const posted = JSON.stringify(robot)
    expect(posted).toContain('T-REM fresh')
    expect(posted).not.toContain('T-REM stale')
    // another round sends nothing more of them
    expect((await delivery.deliver()).mails).toBe(0)
  })

  it('keep a message a month, sent or not, then drop it', async () => {
    await testPool().query(
      `insert into mail_outbox (recipients, subject, body, created_at, sent_at) values
         ('{old-unsent@guatu.example.org}', 'T-PURGE', 'b', now() - interval '31 days', null),
         ('{old-sent@guatu.example.org}', 'T-PURGE', 'b', now() - interval '31 days', now() - interval '31 days'),
         ('{kept@guatu.example.org}', 'T-PURGE', 'b', now() - interval '29 days', now() - interval '29 days')`,
    )
    await testPool().query(
      `insert into webhook_outbox (url, payload, created_at) values ($1, '{"purge":"old"}', now() - interval '31 days'),
         ($1, '{"purge":"kept"}', now() - interval '29 days')`,
      [robotUrl],
    )
    await delivery.deliver()
    const { rows: left } = await testPool().query<{ recipients: string[] }>(
      `select recipients from mail_outbox where subject = 'T-PURGE'`,
    )
    expect(left.map((r) => r.recipients[0])).toEqual(['kept@guatu.example.org'])
    const { rows: hooks } = await testPool().query<{ payload: { purge: string } }>(
      `select payload from webhook_outbox where payload ? 'purge'`,
    )
    expect(hooks.map((h) => h.payload.purge)).toEqual(['kept'])
  })
})

describe('a red card', () => {
  it('is mailed to its department and the leaders', async () => {
    const late = await findLateItems(testPool(), DEMO_TODAY, DEFAULT_ESCALATION_THRESHOLDS)
    const red = late.find((l) => l.level === 'red' && l.department === '征拆办')
    expect(red).toBeDefined()
    if (!red) return
    await withTransaction(testPool(), (db) =>
      remindRedCards(
        db,
        [
          {
            item_type: red.item_type,
            item_id: red.item_id,
            department_id: red.department_id,
            from_level: 'yellow',
            to_level: 'red',
          },
        ],
        late,
      ),
    )
    await delivery.deliver()
    const mail = mails.find((m) => m.subject === `【红牌】${red.title}`)
    expect(mail?.to.sort()).toEqual(['leader@guatu.example.org', 'zhengchai@guatu.example.org'])
    expect(mail?.body).toContain(`已逾期 ${red.days_late} 天`)
    expect(mail?.body).toContain('责任单位：征拆办')
  })
})

describe('a write that makes an item red', () => {
  it('mails the red card at once, to the department and the leaders, and records the change of grade', async () => {
    const db = testPool()
    // a 征拆办 milestone not yet due, whose earlier milestones are all planned by 2026-06-01 (so it may move there)
    const { rows } = await db.query<{
      id: number
      parcel_id: number
      kind: string
      planned_on: string
      version: number
      title: string
    }>(
      `select m.id, m.parcel_id, m.kind, m.planned_on::text, m.version, p.code || ' ' || coalesce(p.name, '') as title
       from parcel_milestones m join parcels p on p.id = m.parcel_id join departments d on d.id = m.department_id
       where d.name = '征拆办' and m.actual_on is null and m.planned_on >= $1
         and not exists (select 1 from parcel_milestones e where e.parcel_id = m.parcel_id
           and array_position($2::text[], e.kind) < array_position($2::text[], m.kind)
           and (e.planned_on > '2026-06-01' or e.actual_on > '2026-06-01'))
       order by m.id limit 1`,
      [DEMO_TODAY, MILESTONE_KINDS],
    )
    const milestone = rows[0]
    if (!milestone) throw new Error('the demo has no 征拆办 milestone to move')
    const redMails = () => mails.filter((m) => m.subject === `【红牌】${milestone.title}`)
    expect(redMails()).toEqual([])
    const before = seen.length

    try {
      // moved to 2026-06-01: 180 days late on 2026-11-28 (30 + 31 + 31 + 30 + 31 + 27), ≥ 90 → red
      const moved = await call(
        'PATCH',
        `/api/parcels/${milestone.parcel_id}/milestones/${milestone.kind}`,
        'zhengchai',
        { planned_on: '2026-06-01', version: milestone.version },
      )
      expect(moved.status).toBe(200)
      await grading.settled()
      await delivery.deliver()

      expect(redMails().map((m) => m.to.sort())).toEqual([
        ['leader@guatu.example.org', 'zhengchai@guatu.example.org'],
      ])
      expect(redMails()[0]?.body).toContain('计划 2026-06-01 完成，已逾期 180 天')
      expect(redMails()[0]?.body).toContain('责任单位：征拆办')
      const { rows: changes } = await db.query(
        `select from_level, to_level, changed_on::text from escalation_changes
         where item_type = 'milestone' and item_id = $1 order by id`,
        [milestone.id],
      )
      expect(changes).toEqual([{ from_level: 'normal', to_level: 'red', changed_on: DEMO_TODAY }])
      const inbox = await call('GET', '/api/notifications', 'zhengchai')
      expect(inbox.body.items[0]).toMatchObject({
        kind: 'red_card',
        title: `【红牌】${milestone.title}`,
        item_type: 'milestone',
        item_id: milestone.id,
      })
      expect(seen.slice(before).map((e) => e.resource)).toEqual(['parcels', 'notifications'])

      // a write that leaves it red mails nothing more
      const noted = await call(
        'PATCH',
        `/api/parcels/${milestone.parcel_id}/milestones/${milestone.kind}`,
        'zhengchai',
        { note: 'T-REM 已约谈', version: milestone.version + 1 },
      )
      expect(noted.status).toBe(200)
      await grading.settled()
      await delivery.deliver()
      expect(redMails().length).toBe(1)
    } finally {
      await db.query('update parcel_milestones set planned_on = $2, note = null where id = $1', [
        milestone.id,
        milestone.planned_on,
      ])
    }
  })
})

describe('the daily digest', () => {
  it('goes to each department user once a day, with the department’s orders and late items', async () => {
    // a server another test started may have sent the demo day's digests already (its day's turn): this test
    // sends them itself, so that day's claims, digests and unsent digest mails go first
    await testPool().query('delete from digests_sent where day = $1', [DEMO_TODAY])
    await testPool().query(`delete from notifications where kind = 'digest'`)
    await testPool().query(`delete from mail_outbox where subject like '【每日提醒】%' and sent_at is null`)
    const [a, b] = await Promise.all([
      writeDigests(testPool(), DEMO_TODAY),
      writeDigests(testPool(), DEMO_TODAY),
    ])
    const written = (a ?? 0) + (b ?? 0)
    expect(written).toBeGreaterThan(0)
    expect(await writeDigests(testPool(), DEMO_TODAY)).toBe(0)
    await delivery.deliver()
    const digests = mails.filter((m) => m.subject.startsWith('【每日提醒】'))
    // a digest is mailed to those who have an address (an account another test made may have none)
    const { rows } = await testPool().query<{ n: number }>(
      `select count(*)::int as n from notifications n join users u on u.username = n.username
       where n.kind = 'digest' and u.email is not null`,
    )
    expect(rows[0]?.n).toBeGreaterThan(0)
    expect(digests.length).toBe(rows[0]?.n)
    const mine = digests.find((m) => m.to.includes('zhengchai@guatu.example.org'))
    expect(mine?.subject).toMatch(/^【每日提醒】征拆办 2026-11-28：督办 \d+ 项，滞后 \d+ 项$/)
    expect(mine?.body).toContain('待办督办事项')
    expect(mine?.body).toContain('红牌')
    expect(digests.filter((m) => m.to.includes('zhengchai@guatu.example.org')).length).toBe(1)
  })
})
