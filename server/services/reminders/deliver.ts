import nodemailer from 'nodemailer'
import { type Pool, withTransaction } from '../../db/pool'
import { claimMail, claimWebhooks, markDelivered, purgeOutboxes } from '../../db/reminders'

/** Sends what the reminders wrote to the outboxes: e-mail over SMTP, messages to group robots. */
export interface ReminderDelivery {
  /** Delivers what is waiting now; answers how many mails and robot messages went out. */
  deliver(): Promise<{ mails: number; webhooks: number }>
  /** Starts a delivery in the background (after a write); errors are logged. */
  kick(): void
  close(): Promise<void>
}

const BATCH = 20

/**
 * Delivery of the outboxes (migration 0023). Mail needs `smtpUrl` (GUATU_SMTP_URL, e.g.
 * `smtp://user:pass@mail.example.org:587`); without it mails stay in the outbox and nothing is sent. Robot
 * messages are POSTed as JSON to each department's webhook. Rows are taken with SKIP LOCKED, so instances
 * delivering at once never send one twice; a failure is counted and tried again later (5 attempts).
 */
export function createReminderDelivery(options: {
  pool: Pool
  smtpUrl?: string
  from?: string
  fetch?: typeof fetch
}): ReminderDelivery {
  const { pool, smtpUrl, from = 'Guatu 挂图 <guatu@localhost>', fetch: post = fetch } = options
  const transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : null
  let running: Promise<{ mails: number; webhooks: number }> | null = null

  async function deliverMail(): Promise<number> {
    if (!transport) return 0
    return withTransaction(pool, async (db) => {
      let sent = 0
      for (const mail of await claimMail(db, BATCH)) {
        try {
          await transport.sendMail({ from, to: mail.recipients, subject: mail.subject, text: mail.body })
          await markDelivered(db, 'mail_outbox', mail.id, null)
          sent++
        } catch (err) {
          await markDelivered(db, 'mail_outbox', mail.id, String((err as Error).message ?? err).slice(0, 500))
        }
      }
      return sent
    })
  }

  async function deliverWebhooks(): Promise<number> {
    return withTransaction(pool, async (db) => {
      let sent = 0
      for (const hook of await claimWebhooks(db, BATCH)) {
        try {
          const res = await post(hook.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json; charset=utf-8' },
            body: JSON.stringify(hook.payload),
            signal: AbortSignal.timeout(10_000),
          })
          await markDelivered(db, 'webhook_outbox', hook.id, res.ok ? null : `HTTP ${res.status}`)
          if (res.ok) sent++
        } catch (err) {
          await markDelivered(
            db,
            'webhook_outbox',
            hook.id,
            String((err as Error).message ?? err).slice(0, 500),
          )
        }
      }
      return sent
    })
  }

  async function deliverAll() {
    // messages older than a month go, sent or not (without an SMTP server they would pile up)
    await purgeOutboxes(pool)
    let mails = 0
    let webhooks = 0
    for (;;) {
      const m = await deliverMail()
      const w = await deliverWebhooks()
      mails += m
      webhooks += w
      if (m < BATCH && w < BATCH) return { mails, webhooks }
    }
  }

  const deliver = async () => {
    // one delivery at a time in this process; a call while one runs waits for it and then delivers again
    while (running) await running.catch(() => {})
    running = deliverAll()
    try {
      return await running
    } finally {
      running = null
    }
  }

  return {
    deliver,
    kick() {
      deliver().catch((err) => console.error('could not deliver reminders:', err))
    },
    async close() {
      while (running) await running.catch(() => {})
      transport?.close()
    },
  }
}
