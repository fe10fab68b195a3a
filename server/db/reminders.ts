import type { Queryable } from './pool'

export interface NotificationInput {
  username: string
  kind: 'order_issued' | 'order_step' | 'red_card' | 'digest'
  title: string
  body: string
  order_id?: number | null
  item_type?: string | null
  item_id?: number | null
}

/** Writes notifications (migration 0023), in the caller's transaction. */
export async function insertNotifications(db: Queryable, rows: readonly NotificationInput[]) {
  if (rows.length === 0) return
  await db.query(
    `insert into notifications (username, kind, title, body, order_id, item_type, item_id)
     select username, kind, title, body, order_id, item_type, item_id from jsonb_to_recordset($1::jsonb)
       as x(username text, kind text, title text, body text, order_id bigint, item_type text, item_id bigint)`,
    [JSON.stringify(rows)],
  )
}

export interface NotificationRow {
  id: number
  kind: NotificationInput['kind']
  title: string
  body: string
  order_id: number | null
  item_type: string | null
  item_id: number | null
  read: boolean
  created_at: string
}

/** A user's latest notifications, newest first, and how many are unread. */
export async function findNotifications(db: Queryable, username: string, limit: number) {
  const { rows } = await db.query<NotificationRow>(
    `select id, kind, title, body, order_id, item_type, item_id, read_at is not null as read,
       to_json(created_at) #>> '{}' as created_at
     from notifications where username = $1 order by id desc limit $2`,
    [username, limit],
  )
  const unread = await db.query<{ n: number }>(
    'select count(*)::int as n from notifications where username = $1 and read_at is null',
    [username],
  )
  return { unread: unread.rows[0]?.n ?? 0, items: rows }
}

/** Marks a user's notifications read: the ids given, or all. Answers how many changed. */
export async function markNotificationsRead(db: Queryable, username: string, ids: readonly number[] | 'all') {
  const { rowCount } = await db.query(
    `update notifications set read_at = now()
     where username = $1 and read_at is null and ($2::bigint[] is null or id = any($2))`,
    [username, ids === 'all' ? null : [...ids]],
  )
  return rowCount ?? 0
}

export async function enqueueMail(
  db: Queryable,
  recipients: readonly string[],
  subject: string,
  body: string,
) {
  if (recipients.length === 0) return
  await db.query('insert into mail_outbox (recipients, subject, body) values ($1, $2, $3)', [
    [...recipients],
    subject,
    body,
  ])
}

export async function enqueueWebhook(db: Queryable, url: string, payload: unknown) {
  await db.query('insert into webhook_outbox (url, payload) values ($1, $2::jsonb)', [
    url,
    JSON.stringify(payload),
  ])
}

export interface OutboxMail {
  id: number
  recipients: string[]
  subject: string
  body: string
}

/**
 * A reminder not delivered within a day is not sent at all: when GUATU_SMTP_URL (or a robot) is set after a while
 * without one, or comes back after a long outage, users are not flooded with orders and cards they know of and
 * digests of days gone (the next digest says what stands).
 */
const STALE_AFTER = '24 hours'

/**
 * Takes up to `limit` mails not sent yet (and tried fewer than 5 times) for delivery, skipping those another
 * instance has taken: call inside a transaction, which holds them until it ends.
 */
export async function claimMail(db: Queryable, limit: number): Promise<OutboxMail[]> {
  const { rows } = await db.query<OutboxMail>(
    `select id, recipients, subject, body from mail_outbox
     where sent_at is null and attempts < 5 and created_at > now() - $2::interval
     order by id limit $1 for update skip locked`,
    [limit, STALE_AFTER],
  )
  return rows
}

export async function claimWebhooks(db: Queryable, limit: number) {
  const { rows } = await db.query<{ id: number; url: string; payload: unknown }>(
    `select id, url, payload from webhook_outbox
     where sent_at is null and attempts < 5 and created_at > now() - $2::interval
     order by id limit $1 for update skip locked`,
    [limit, STALE_AFTER],
  )
  return rows
}

/** How long the outboxes keep a message, sent or not (what was sent, for the admins; then it goes). */
const KEPT_FOR = '30 days'

/**
 * Removes the outboxes' messages older than KEPT_FOR, sent or never sent: without GUATU_SMTP_URL mails are still
 * written (another instance may have a server) and would otherwise pile up. Answers how many rows went.
 */
export async function purgeOutboxes(db: Queryable): Promise<number> {
  const mail = await db.query('delete from mail_outbox where created_at < now() - $1::interval', [KEPT_FOR])
  const hooks = await db.query('delete from webhook_outbox where created_at < now() - $1::interval', [
    KEPT_FOR,
  ])
  return (mail.rowCount ?? 0) + (hooks.rowCount ?? 0)
}

export async function markDelivered(
  db: Queryable,
  table: 'mail_outbox' | 'webhook_outbox',
  id: number,
  error: string | null,
) {
  await db.query(
    `update ${table === 'mail_outbox' ? 'mail_outbox' : 'webhook_outbox'}
     set attempts = attempts + 1, sent_at = case when $2::text is null then now() end, last_error = $2
     where id = $1`,
    [id, error],
  )
}

/** Claims the day's digest of `username`: true once per user and day, whichever instance asks. */
export async function claimDigest(db: Queryable, username: string, day: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'insert into digests_sent (username, day) values ($1, $2) on conflict do nothing',
    [username, day],
  )
  return rowCount === 1
}
