import { Hono } from 'hono'
import type { AppDeps } from '../../deps'
import { MeetingCreate, MeetingDecision } from '../../domain/meetings'
import { IdParam } from '../../domain/query'
import { agenda, createMeeting, decide, listMeetings } from '../../services/meetings/meetings'
import { minutesDocx, minutesPdf } from '../../services/meetings/minutes'
import type { AuthEnv } from '../middleware/authenticate'
import { validate } from '../validation'
import { CJK_FONT_FACE, CJK_FONT_FILE } from './briefing'

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** /api/meetings: the regular meeting (例会), its generated agenda, its decisions (orders) and its minutes. */
export function meetingRoutes(deps: AppDeps) {
  return new Hono<AuthEnv>()
    .get('/', async (c) => c.json(await listMeetings(deps)))
    .post('/', validate('json', MeetingCreate), async (c) => {
      return c.json(await createMeeting(deps, c.get('principal'), c.req.valid('json')), 201)
    })
    .get('/:id/agenda', validate('param', IdParam), async (c) => {
      return c.json(await agenda(deps, c.req.valid('param').id))
    })
    .post('/:id/decisions', validate('param', IdParam), validate('json', MeetingDecision), async (c) => {
      const order = await decide(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json'))
      deps.reminders?.kick()
      return c.json(order, 201)
    })
    .get('/:id/minutes.docx', validate('param', IdParam), async (c) => {
      const data = await agenda(deps, c.req.valid('param').id)
      const body = await minutesDocx(data)
      return c.body(new Uint8Array(body), 200, {
        'content-type': DOCX,
        'content-disposition': `attachment; filename="minutes-${data.meeting.held_on}.docx"`,
      })
    })
    .get('/:id/minutes.pdf', validate('param', IdParam), async (c) => {
      const data = await agenda(deps, c.req.valid('param').id)
      const body = await minutesPdf(data, CJK_FONT_FILE, CJK_FONT_FACE)
      return c.body(new Uint8Array(body), 200, {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="minutes-${data.meeting.held_on}.pdf"`,
      })
    })
}
