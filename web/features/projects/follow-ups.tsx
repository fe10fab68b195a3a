import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { FOLLOW_UP_KINDS, type FollowUpKind } from '../../../server/domain/follow-up'
import { invalidateResources } from '../../api/change-invalidation'
import { api } from '../../api/client'
import { queries } from '../../api/queries'
import { type ShownError, useShownError } from '../milestones/shown-error'

/**
 * A project's follow-ups (走访 / 洽谈, issue 15), latest first, the open next action marked late once past its
 * date (it then counts as late for the project's manager on the leaders' dashboard); investment teams add one.
 */
export function FollowUps({
  projectId,
  canWrite,
  today,
}: {
  projectId: number
  canWrite: boolean
  today: string
}) {
  const { t } = useTranslation()
  const say = useShownError()
  const id = useId()
  const queryClient = useQueryClient()
  const list = useQuery(queries.projectFollowUps(projectId))
  const [kind, setKind] = useState<FollowUpKind>('visit')
  const [on, setOn] = useState(today)
  const [who, setWho] = useState('')
  const [what, setWhat] = useState('')
  const [next, setNext] = useState('')
  const [nextOn, setNextOn] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ShownError | null>(null)

  const add = (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    api
      .addFollowUp(projectId, {
        kind,
        happened_on: on,
        who,
        what,
        next_action: next.trim() || null,
        next_on: nextOn || null,
      })
      .then(
        () => {
          setWho('')
          setWhat('')
          setNext('')
          setNextOn('')
          void invalidateResources(queryClient, ['projects'])
        },
        (e: unknown) => setError({ key: 'pipeline.followUps.failed', failure: e }),
      )
      .finally(() => setBusy(false))
  }

  return (
    <section className="panel-section">
      <h3>{t('pipeline.followUps.title')}</h3>
      {list.data && list.data.length === 0 && <p className="panel-note">{t('pipeline.followUps.none')}</p>}
      {list.data && list.data.length > 0 && (
        <ol className="follow-up-list">
          {list.data.map((f) => (
            <li key={f.id} className={f.late ? 'follow-up follow-up-late' : 'follow-up'}>
              <span>
                <span className="mono">{f.happened_on}</span>{' '}
                <strong>{t(`pipeline.followUps.kind.${f.kind}`)}</strong> · {f.who}
              </span>
              <span>{f.what}</span>
              {f.next_action && f.next_on && (
                <span className={f.latest ? 'follow-up-next' : 'secondary'}>
                  {t('pipeline.followUps.next', { action: f.next_action, date: f.next_on })}
                  {f.late && <strong className="overdue-label"> {t('pipeline.followUps.late')}</strong>}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
      {canWrite && (
        <form className="follow-up-form" onSubmit={add} aria-label={t('pipeline.followUps.add')}>
          <label htmlFor={`${id}-kind`}>
            {t('pipeline.followUps.kindLabel')}
            <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as FollowUpKind)}>
              {FOLLOW_UP_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`pipeline.followUps.kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={`${id}-on`}>
            {t('pipeline.followUps.on')}
            <input
              id={`${id}-on`}
              type="date"
              value={on}
              max={today}
              onChange={(e) => setOn(e.target.value)}
              required
            />
          </label>
          <label htmlFor={`${id}-who`}>
            {t('pipeline.followUps.who')}
            <input
              id={`${id}-who`}
              value={who}
              onChange={(e) => setWho(e.target.value)}
              required
              maxLength={200}
            />
          </label>
          <label htmlFor={`${id}-what`} className="form-wide">
            {t('pipeline.followUps.what')}
            <textarea
              id={`${id}-what`}
              value={what}
              onChange={(e) => setWhat(e.target.value)}
              required
              maxLength={2000}
              rows={2}
            />
          </label>
          <label htmlFor={`${id}-next`}>
            {t('pipeline.followUps.nextAction')}
            <input
              id={`${id}-next`}
              value={next}
              onChange={(e) => setNext(e.target.value)}
              required={nextOn !== ''}
              maxLength={500}
            />
          </label>
          <label htmlFor={`${id}-next-on`}>
            {t('pipeline.followUps.nextOn')}
            <input
              id={`${id}-next-on`}
              type="date"
              value={nextOn}
              min={on}
              onChange={(e) => setNextOn(e.target.value)}
              required={next.trim() !== ''}
            />
          </label>
          <div className="form-actions form-wide">
            <button type="submit" className="button-small button-accent" disabled={busy}>
              {t('pipeline.followUps.add')}
            </button>
          </div>
          {error && (
            <p className="panel-error form-wide" role="alert">
              {say(error)}
            </p>
          )}
        </form>
      )}
    </section>
  )
}
