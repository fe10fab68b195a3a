import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { LANDED_STAGES } from '../../../server/domain/vocabulary'
import { invalidateResources } from '../../api/change-invalidation'
import { api } from '../../api/client'
import { queries } from '../../api/queries'
import type { Blocker, ParcelMatch, Project, ProjectDetail } from '../../api/types'
import { formatWan, formatYi } from '../../i18n/formatters'
import { FieldSection } from '../field/field-section'
import { LateItemControls } from '../orders/late-item-controls'
import { PanelFrame } from '../shell/panel-frame'
import { useZone } from '../zone/use-zone'
import { FollowUps } from './follow-ups'
import { MatchReasons } from './match-reasons'
import { ProjectForm } from './project-form'
import { type PlaceOnMap, ProjectSite } from './project-site'
import { StageChangeForm } from './stage-change-form'
import { useCanInvest } from './use-role'

type ProjectPanelProps = {
  project: Project
  onClose: () => void
  /** the parcels "find sites" ranked, for the map to highlight; null clears them */
  onMatches?: (matches: ParcelMatch[] | null) => void
  /** opens a parcel's panel (the project's site) */
  onSelectParcel?: (id: number) => void
  /** placing the project by hand on the map (issue 15), and whether the map waits for its click */
  onPlace?: PlaceOnMap
  placing?: boolean
}

export function ProjectPanel({
  project,
  onClose,
  onMatches,
  onSelectParcel,
  onPlace,
  placing = false,
}: ProjectPanelProps) {
  const { t } = useTranslation()
  const headingId = useId()
  const canWrite = useCanInvest()
  const queryClient = useQueryClient()
  // fetched again when anyone (this browser, another, another instance) changes a project, its blockers, a
  // reservation or the parcels
  const detail = useQuery(queries.project(project.id))
  // after a write here the project's reads are fetched again, and the parcels' when the write may move a parcel
  // (a reservation, its release, a stage that acquires or drops the land); the live stream follows with the same
  const reload = () => void invalidateResources(queryClient, ['projects'])
  const reloadWithParcels = () => void invalidateResources(queryClient, ['projects', 'parcels'])
  const none = t('common.none')
  const data = detail.data
  const zone = useZone()
  const today = zone.data?.today ?? new Date().toISOString().slice(0, 10)
  // the edit form replaces the facts while open (issue 15)
  const [editing, setEditing] = useState(false)
  const landed = LANDED_STAGES.includes(data?.stage ?? project.stage)

  return (
    <PanelFrame
      headingId={headingId}
      heading={project.name}
      onClose={onClose}
      accent={
        <span className={`stage-chip stage-${data?.stage ?? project.stage}`}>
          {t(`projectStage.${data?.stage ?? project.stage}`)}
        </span>
      }
    >
      {canWrite && data && !editing && (
        <button type="button" className="button-small project-edit" onClick={() => setEditing(true)}>
          {t('pipeline.form.edit')}
        </button>
      )}
      {editing && data && (
        <ProjectForm
          key={data.version}
          project={data}
          onSaved={() => setEditing(false)}
          onCancel={() => setEditing(false)}
        />
      )}
      <dl className="facts" hidden={editing}>
        <dt>{t('project.company')}</dt>
        <dd>{project.company}</dd>
        <dt>{t('project.sector')}</dt>
        <dd>{t(`sector.${project.sector}`)}</dd>
        <dt>{t('project.kind')}</dt>
        <dd>{t(`projectKind.${project.kind}`)}</dd>
        <dt>{t('project.investment')}</dt>
        <dd>
          <strong>{t('unit.yi', { value: formatYi(project.investment_wan) })}</strong>
          <span className="secondary">{t('unit.wan', { value: formatWan(project.investment_wan) })}</span>
        </dd>
        <dt>{t('project.manager')}</dt>
        <dd>{project.manager || none}</dd>
        <dt>{t('project.signedOn')}</dt>
        <dd className="mono">{data?.signed_on ?? project.signed_on ?? none}</dd>
        <dt>{t('project.landedOn')}</dt>
        <dd className="mono">{data?.landed_on ?? project.landed_on ?? none}</dd>
        {data?.source_city && (
          <>
            <dt>{t('invest.sourceCity')}</dt>
            <dd>{data.source_city}</dd>
          </>
        )}
        {data?.contacts && (
          <>
            <dt>{t('pipeline.panel.contacts')}</dt>
            <dd className="pre-line">{data.contacts}</dd>
          </>
        )}
        {data?.expected_jobs != null && (
          <>
            <dt>{t('invest.expectedJobs')}</dt>
            <dd>{data.expected_jobs}</dd>
          </>
        )}
        {data?.dropped_reason && (
          <>
            <dt>{t('invest.droppedReason')}</dt>
            <dd>{data.dropped_reason}</dd>
          </>
        )}
      </dl>
      {detail.isPending && <p className="panel-note">{t('panel.loading')}</p>}
      {detail.isError && !data && (
        <p className="panel-error" role="alert">
          {t('panel.failed', { message: detail.error.message })}
        </p>
      )}
      {data && (
        <>
          <ProjectSite
            detail={data}
            onSelectParcel={onSelectParcel}
            onPlace={canWrite ? onPlace : undefined}
            placing={placing}
          />
          <Needs detail={data} />
          <Reservation detail={data} canWrite={canWrite} onChanged={reloadWithParcels} />
          {/* a project that has its land shows its parcel (above) instead of looking for one */}
          {!landed && (
            <FindSites
              detail={data}
              canWrite={canWrite}
              onMatches={onMatches}
              onReserved={reloadWithParcels}
            />
          )}
          <FollowUps projectId={data.id} canWrite={canWrite} today={today} />
          <Blockers detail={data} canWrite={canWrite} onChanged={reload} />
          <StageHistory detail={data} />
          {canWrite && (
            <section className="panel-section">
              <StageChangeForm
                key={`${data.stage}-${data.version}`}
                project={data}
                today={today}
                title={t('invest.changeStage')}
              />
            </section>
          )}
          <FieldSection subject={{ type: 'project', id: project.id, label: project.name }} />
        </>
      )}
    </PanelFrame>
  )
}

function Needs({ detail }: { detail: ProjectDetail }) {
  const { t } = useTranslation()
  const none = t('common.none')
  const { needs } = detail
  return (
    <section className="panel-section">
      <h3>{t('invest.needs')}</h3>
      <dl className="facts">
        <dt>{t('invest.needArea')}</dt>
        <dd>
          {needs.area_mu_min != null || needs.area_mu_max != null
            ? t('invest.needAreaValue', { min: needs.area_mu_min ?? '…', max: needs.area_mu_max ?? '…' })
            : none}
        </dd>
        <dt>{t('invest.needLandUse')}</dt>
        <dd>{needs.land_use?.map((use) => t(`landUse.${use}`)).join('、') || none}</dd>
        <dt>{t('invest.neededBy')}</dt>
        <dd className="mono">{needs.needed_by ?? none}</dd>
        <dt>{t('invest.needPower')}</dt>
        <dd>{needs.power_kva != null ? t('invest.kva', { value: needs.power_kva }) : none}</dd>
      </dl>
    </section>
  )
}

function Reservation({
  detail,
  canWrite,
  onChanged,
}: {
  detail: ProjectDetail
  canWrite: boolean
  onChanged: () => void
}) {
  const { t } = useTranslation()
  const [error, setError] = useState<string | null>(null)
  if (!detail.reservation) return null
  const release = () => {
    setError(null)
    api.releaseReservation(detail.id, detail.version).then(onChanged, (e: Error) => setError(e.message))
  }
  return (
    <section className="panel-section">
      <h3>{t('invest.reservation')}</h3>
      <p className="reservation-line">
        {t('invest.reservedUntil', { code: detail.reservation.parcel_code, until: detail.reservation.until })}
        {canWrite && (
          <button type="button" className="button-small" onClick={release}>
            {t('invest.release')}
          </button>
        )}
      </p>
      {error && (
        <p className="panel-error" role="alert">
          {t('invest.failed', { message: error })}
        </p>
      )}
    </section>
  )
}

function FindSites({
  detail,
  canWrite,
  onMatches,
  onReserved,
}: {
  detail: ProjectDetail
  canWrite: boolean
  onMatches?: (matches: ParcelMatch[] | null) => void
  onReserved: () => void
}) {
  const { t, i18n } = useTranslation()
  const zh = i18n.language.startsWith('zh')
  // the ranking is asked for on demand, then kept fresh by the live stream while it is shown
  const [requested, setRequested] = useState(false)
  const query = useQuery({ ...queries.projectMatches(detail.id), enabled: requested })
  const matches = requested ? query.data : undefined
  const [open, setOpen] = useState<number | null>(null)
  const [until, setUntil] = useState('')
  const [reserveError, setReserveError] = useState<string | null>(null)
  const zone = useZone()
  const today = zone.data?.today ?? new Date().toISOString().slice(0, 10)

  // the highlighted matches belong to this panel: clear them when it closes
  useEffect(() => () => onMatches?.(null), [onMatches])
  // a new ranking is highlighted on the map, its best match open with its reasons
  useEffect(() => {
    if (!matches) return
    setOpen(matches[0]?.parcel_id ?? null)
    onMatches?.(matches)
  }, [matches, onMatches])

  const find = () => {
    if (requested) void query.refetch()
    else setRequested(true)
  }

  const reserve = (match: ParcelMatch) => {
    setReserveError(null)
    const date = until || defaultUntil(today)
    api.reserve(detail.id, match.parcel_id, date, detail.version).then(
      () => {
        onMatches?.(null)
        setRequested(false)
        onReserved()
      },
      (error: Error) => setReserveError(error.message),
    )
  }
  const loading = requested && query.isPending

  const canReserve = canWrite && ['lead', 'negotiating', 'signed'].includes(detail.stage)
  return (
    <section className="panel-section">
      <h3>{t('invest.matches')}</h3>
      <button type="button" className="button-primary" onClick={find} disabled={loading}>
        {loading ? t('invest.findingSites') : t('invest.findSites')}
      </button>
      {requested && query.isError && !matches && (
        <p className="panel-error" role="alert">
          {t('invest.failed', { message: query.error.message })}
        </p>
      )}
      {matches && matches.length === 0 && <p className="panel-note">{t('invest.noMatches')}</p>}
      {matches && matches.length > 0 && (
        <>
          {canReserve && (
            <label className="inline-field">
              {t('invest.reserveUntil')}
              <input
                type="date"
                value={until || defaultUntil(today)}
                onChange={(e) => setUntil(e.target.value)}
              />
            </label>
          )}
          <ol className="match-list">
            {matches.map((match, index) => (
              <li key={match.parcel_id} className={match.eligible ? 'match' : 'match match-once'}>
                <button
                  type="button"
                  className="match-head"
                  aria-expanded={open === match.parcel_id}
                  onClick={() => setOpen(open === match.parcel_id ? null : match.parcel_id)}
                >
                  {/* the same number as the match's label on the map */}
                  <span className="match-rank" title={t('pipeline.panel.rank', { rank: index + 1 })}>
                    {index + 1}
                  </span>
                  <span className="match-score mono">{t('invest.score', { score: match.score })}</span>
                  <span className="mono">{match.code}</span>
                  <span className="secondary">
                    {t('unit.mu', { value: match.area_mu })} · {t(`landUse.${match.land_use}`)}
                  </span>
                </button>
                {!match.eligible && (
                  <p className="match-once-note">
                    {t('invest.eligibleOnce')}: {zh ? match.eligible_once_zh : match.eligible_once}
                  </p>
                )}
                {open === match.parcel_id && (
                  <>
                    <MatchReasons reasons={match.reasons} />
                    {canReserve && match.eligible && (
                      <button type="button" className="button-primary" onClick={() => reserve(match)}>
                        {t('invest.reserve')}
                      </button>
                    )}
                  </>
                )}
              </li>
            ))}
          </ol>
          {reserveError && (
            <p className="panel-error" role="alert">
              {t('invest.failed', { message: reserveError })}
            </p>
          )}
        </>
      )}
    </section>
  )
}

/** Holds a parcel for 90 days from the zone's today unless the manager picks another date. */
function defaultUntil(today: string): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) + 90 * 86_400_000).toISOString().slice(0, 10)
}

function Blockers({
  detail,
  canWrite,
  onChanged,
}: {
  detail: ProjectDetail
  canWrite: boolean
  onChanged: () => void
}) {
  const { t } = useTranslation()
  const [title, setTitle] = useState('')
  const [owner, setOwner] = useState('')
  const [due, setDue] = useState('')
  const [error, setError] = useState<string | null>(null)
  const none = t('common.none')

  const add = (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    api.addBlocker(detail.id, { title, owner, due_on: due || null }).then(
      () => {
        setTitle('')
        setOwner('')
        setDue('')
        onChanged()
      },
      (e: Error) => setError(e.message),
    )
  }
  // the blocker whose resolution is being written, and what has been written so far
  const [resolving, setResolving] = useState<{ id: number; text: string } | null>(null)
  const resolve = (event: FormEvent, blocker: Blocker) => {
    event.preventDefault()
    const resolution = resolving?.text.trim()
    if (!resolution) return
    setError(null)
    api
      .patchBlocker(detail.id, blocker.id, { status: 'resolved', resolution, version: blocker.version })
      .then(
        () => {
          setResolving(null)
          onChanged()
        },
        (e: Error) => setError(e.message),
      )
  }

  return (
    <section className="panel-section">
      <h3>
        {t('invest.blockers')}
        {detail.overdue_blockers > 0 && (
          <span className="overdue-badge">
            {t('invest.overdueCount', { count: detail.overdue_blockers })}
          </span>
        )}
      </h3>
      {detail.blockers.length === 0 ? (
        <p className="panel-note">{t('invest.noBlockers')}</p>
      ) : (
        <ul className="blocker-list">
          {detail.blockers.map((blocker) => (
            <li key={blocker.id} className={blocker.overdue ? 'blocker blocker-overdue' : 'blocker'}>
              <span className="blocker-title">{blocker.title}</span>
              <span className="secondary">
                {blocker.owner} · <span className="mono">{blocker.due_on ?? none}</span> ·{' '}
                {t(`invest.blockerStatus.${blocker.status}`)}
                {blocker.overdue && <strong className="overdue-label"> {t('invest.overdue')}</strong>}
                {blocker.overdue && (
                  <LateItemControls item={{ type: 'blocker', id: blocker.id }} title={blocker.title} />
                )}
              </span>
              {blocker.resolution && <span className="secondary">{blocker.resolution}</span>}
              {canWrite && blocker.status !== 'resolved' && resolving?.id !== blocker.id && (
                <button
                  type="button"
                  className="button-small"
                  onClick={() => setResolving({ id: blocker.id, text: '' })}
                >
                  {t('invest.resolve')}
                </button>
              )}
              {resolving?.id === blocker.id && (
                <form className="inline-form" onSubmit={(event) => resolve(event, blocker)}>
                  <label>
                    {t('invest.resolution')}
                    <input
                      value={resolving.text}
                      onChange={(e) => setResolving({ id: blocker.id, text: e.target.value })}
                      maxLength={1000}
                      required
                    />
                  </label>
                  <button type="submit" className="button-small button-accent">
                    {t('invest.save')}
                  </button>
                  <button type="button" className="button-small" onClick={() => setResolving(null)}>
                    {t('invest.cancel')}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <form className="inline-form" onSubmit={add}>
          <label>
            {t('invest.blockerTitle')}
            <input value={title} onChange={(e) => setTitle(e.target.value)} required />
          </label>
          <label>
            {t('invest.blockerOwner')}
            <input value={owner} onChange={(e) => setOwner(e.target.value)} required />
          </label>
          <label>
            {t('invest.blockerDue')}
            <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
          </label>
          <button type="submit" className="button-small button-accent">
            {t('invest.addBlocker')}
          </button>
        </form>
      )}
      {error && (
        <p className="panel-error" role="alert">
          {t('invest.failed', { message: error })}
        </p>
      )}
    </section>
  )
}

function StageHistory({ detail }: { detail: ProjectDetail }) {
  const { t } = useTranslation()
  return (
    <section className="panel-section">
      <h3>{t('invest.stageHistory')}</h3>
      <ol className="stage-history">
        {detail.stage_history.map((entry) => (
          <li key={`${entry.stage}-${entry.entered_on}-${entry.recorded_at}`}>
            <span className="mono">{entry.entered_on}</span>{' '}
            <span className={`stage-chip stage-${entry.stage}`}>{t(`projectStage.${entry.stage}`)}</span>
            {entry.note && <span className="secondary"> {entry.note}</span>}
          </li>
        ))}
      </ol>
    </section>
  )
}
