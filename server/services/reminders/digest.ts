import { findLateItems } from '../../db/escalation'
import { findOrders } from '../../db/orders'
import { type Pool, withTransaction } from '../../db/pool'
import { claimDigest, enqueueMail, insertNotifications } from '../../db/reminders'
import { tryLockTopic } from '../../db/write-locks'
import { findLandSettings } from '../../db/zone'
import { digestText } from '../../domain/reminders'

/**
 * The daily digest (每日提醒) of `day`: each active user of a department gets the department's open orders and its
 * late items that are yellow or red, in the app and (with an address) by e-mail — once per user and day
 * (digests_sent), by one instance at a time (advisory lock; another answers null at once). A user with nothing to
 * be told gets nothing. Answers how many digests were written.
 */
export async function writeDigests(pool: Pool, day: string): Promise<number | null> {
  return withTransaction(pool, async (db) => {
    if (!(await tryLockTopic(db, 'digest'))) return null
    const { escalation } = await findLandSettings(db)
    const late = await findLateItems(db, day, escalation)
    const orders = await findOrders(db, day, escalation, { status: ['issued', 'in_progress', 'returned'] })
    const { rows: users } = await db.query<{
      username: string
      email: string | null
      department_id: number
      department: string
    }>(
      `select u.username, u.email, u.department_id, d.name as department from users u
       join departments d on d.id = u.department_id where not u.disabled order by u.username`,
    )
    let written = 0
    for (const user of users) {
      const text = digestText(
        day,
        user.department,
        orders.filter((o) => o.department_id === user.department_id),
        late.filter((l) => l.department_id === user.department_id && l.level !== 'normal'),
      )
      if (!text || !(await claimDigest(db, user.username, day))) continue
      await insertNotifications(db, [{ username: user.username, kind: 'digest', ...text }])
      if (user.email) await enqueueMail(db, [user.email], text.title, text.body)
      written++
    }
    return written
  })
}
