import { z } from 'zod'
import { IsoDateString } from './query'

export const FOLLOW_UP_KINDS = ['visit', 'talk'] as const
export const FollowUpKind = z.enum(FOLLOW_UP_KINDS)
export type FollowUpKind = z.infer<typeof FollowUpKind>

/**
 * A follow-up record (走访 visit / 洽谈 talk): when, who met, what was said, and optionally the next action and
 * its date (both or neither; the date not before the meeting).
 */
export const FollowUpCreate = z
  .object({
    kind: FollowUpKind,
    happened_on: IsoDateString,
    who: z.string().trim().min(1).max(200),
    what: z.string().trim().min(1).max(2000),
    next_action: z.string().trim().min(1).max(500).nullable().optional(),
    next_on: IsoDateString.nullable().optional(),
  })
  .strict()
  .refine((f) => (f.next_action == null) === (f.next_on == null), {
    message: 'a next action needs its date, and a date its action',
    path: ['next_on'],
  })
  .refine((f) => f.next_on == null || f.next_on >= f.happened_on, {
    message: 'the next action cannot be before the follow-up',
    path: ['next_on'],
  })
export type FollowUpCreate = z.infer<typeof FollowUpCreate>

/**
 * Whether a follow-up's next action is late on `today`: it is the project's latest follow-up (a newer one takes
 * over), it has a next action, and its date is before today.
 * `isNextActionLate({ next_on: '2026-11-01', latest: true }, '2026-11-28')` → true
 */
export function isNextActionLate(f: { next_on: string | null; latest: boolean }, today: string): boolean {
  return f.latest && f.next_on !== null && f.next_on < today
}
