import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { MATCH_CRITERIA } from '../../../server/domain/matching'
import { MILESTONE_KINDS } from '../../../server/domain/vocabulary'
import { ApiError, api } from '../../api/client'
import { queries } from '../../api/queries'
import { queryKeys } from '../../api/query-keys'
import type { ZoneSettings } from '../../api/types'
import { formatTimestamp } from '../../i18n/formatters'
import { currentLanguage } from '../../i18n/i18n'
import { useShownError } from '../milestones/shown-error'
import {
  changesOf,
  checkChange,
  describeSettingChange,
  draftOf,
  ESCALATION_KEYS,
  type FieldError,
  indicatorLabel,
  type SettingsDraft,
  serverFieldErrors,
} from './zone-settings-form'

type Notice =
  | { kind: 'saved' }
  | { kind: 'unchanged' }
  | { kind: 'invalid' }
  | { kind: 'conflict'; current: ZoneSettings | null }
  | { kind: 'failed'; failure: unknown }
  | null

/**
 * 分区设置, for admins: the land schedule's milestone durations (倒排), the milestones that need a document before
 * they are marked done, the at-risk margin, the serving distance, the matching weights, the 亩均 evaluation's
 * weights and grade shares, the 督办预警 thresholds (黄牌 / 红牌), and which departments get 巡查任务 within how
 * many days. The draft is checked with the API's own schema
 * before it is sent, each problem beside its field, and nothing is sent while one remains; the save carries the
 * version the form was read at, so a second admin's save over a change they have not seen is refused (409) and
 * shown, never a silent overwrite. Below: the settings' history in words.
 */
export function ZoneSettingsAdmin() {
  const { t } = useTranslation()
  const id = useId()
  const query = useQuery(queries.zoneSettings())
  return (
    <section className="panel-section admin-section zone-settings" aria-labelledby={id}>
      <h3 id={id}>{t('panels.settings.title')}</h3>
      {query.isPending && <p className="panel-note">{t('panel.loading')}</p>}
      {query.isError && !query.data && (
        <p className="panel-error" role="alert">
          {t('admin.failed', { message: query.error.message })}
        </p>
      )}
      {query.data && <SettingsForm settings={query.data} />}
      <SettingsHistory />
    </section>
  )
}

function SettingsForm({ settings }: { settings: ZoneSettings }) {
  const { t, i18n } = useTranslation()
  const queryClient = useQueryClient()
  const id = useId()
  const departments = useQuery(queries.departments())
  const english = currentLanguage() === 'en'
  // the settings the draft was read from: its version is the one a save sends
  const [base, setBase] = useState(settings)
  const [draft, setDraft] = useState(() => draftOf(settings))
  const [errors, setErrors] = useState<FieldError[]>([])
  const [notice, setNotice] = useState<Notice>(null)
  const [busy, setBusy] = useState(false)
  const dirty = Object.keys(changesOf(draft, base)).length > 0

  // newer settings (another admin, the live stream) replace an untouched form; an edited one keeps its base. Only
  // newer: after 载入最新设置 the base is the 409's current record, which the cached query may not have caught up with
  useEffect(() => {
    if (settings.version > base.version && !dirty) {
      setBase(settings)
      setDraft(draftOf(settings))
    }
  }, [settings, base.version, dirty])

  const edit = (update: (current: SettingsDraft) => SettingsDraft) => {
    setDraft(update)
    if (notice?.kind !== 'conflict') setNotice(null)
  }
  const errorAt = (path: string) => errors.filter((e) => e.path === path)

  const reset = (to: ZoneSettings) => {
    setBase(to)
    setDraft(draftOf(to))
    setErrors([])
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const change = changesOf(draft, base)
    const problems = checkChange(t, change)
    setErrors(problems)
    if (problems.length > 0) {
      setNotice({ kind: 'invalid' })
      return
    }
    if (Object.keys(change).length === 0) {
      setNotice({ kind: 'unchanged' })
      return
    }
    setBusy(true)
    try {
      const saved = await api.patchZoneSettings({ ...change, version: base.version })
      queryClient.setQueryData(queryKeys.zoneSettings, saved)
      void queryClient.invalidateQueries({ queryKey: queryKeys.zoneSettingsHistory })
      reset(saved)
      setNotice({ kind: 'saved' })
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict') {
        const current = (error.details[0] as { current?: ZoneSettings } | undefined)?.current ?? null
        setNotice({ kind: 'conflict', current })
      } else if (error instanceof ApiError && error.status === 400) {
        setErrors(serverFieldErrors(t, error.details))
        setNotice({ kind: 'invalid' })
      } else {
        setNotice({ kind: 'failed', failure: error })
      }
    } finally {
      setBusy(false)
    }
  }

  const field = (
    path: string,
    label: ReactNode,
    value: string,
    onChange: (value: string) => void,
    unit: string,
  ) => {
    const inputId = `${id}-${path}`
    const problems = errorAt(path)
    return (
      <div className="settings-field" key={path}>
        <label htmlFor={inputId}>{label}</label>
        <span className="settings-input">
          <input
            id={inputId}
            inputMode="decimal"
            value={value}
            onChange={(event) => onChange(event.target.value)}
            aria-invalid={problems.length > 0}
            aria-describedby={problems.length > 0 ? `${inputId}-error` : undefined}
            data-setting={path}
          />
          {unit && <span className="settings-unit">{unit}</span>}
        </span>
        {problems.length > 0 && (
          <span id={`${inputId}-error`} className="field-error" role="alert">
            {problems.map((p) => p.text).join('；')}
          </span>
        )}
      </div>
    )
  }
  const groupError = (path: string) => {
    const problems = errorAt(path)
    return problems.length > 0 ? (
      <p className="field-error" role="alert" data-setting-error={path}>
        {problems.map((p) => p.text).join('；')}
      </p>
    ) : null
  }
  const days = t('panels.settings.days')
  const departmentSelect = (key: 'milestone_department_id' | 'start_department_id') => {
    const inputId = `${id}-inspection_tasks.${key}`
    const value = draft.inspection_tasks[key]
    const known = (departments.data ?? []).some((d) => String(d.id) === value)
    return (
      <div className="settings-field" key={key}>
        <label htmlFor={inputId}>{t(`panels.settings.inspections.${key}`)}</label>
        <select
          id={inputId}
          value={value}
          data-setting={`inspection_tasks.${key}`}
          onChange={(event) =>
            edit((d) => ({ ...d, inspection_tasks: { ...d.inspection_tasks, [key]: event.target.value } }))
          }
        >
          <option value="">{t('panels.settings.inspections.none')}</option>
          {(departments.data ?? []).map((d) => (
            <option key={d.id} value={String(d.id)}>
              {english && d.name_en ? d.name_en : d.name}
            </option>
          ))}
          {/* a department the list does not (yet) hold keeps its place, by number */}
          {value !== '' && !known && <option value={value}>#{value}</option>}
        </select>
        {groupError(`inspection_tasks.${key}`)}
      </div>
    )
  }

  return (
    <form className="zone-settings-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} className="panel-note">
        {t('panels.settings.hint', { version: base.version })}
      </p>
      <fieldset>
        <legend>{t('panels.settings.forecast')}</legend>
        {field(
          'at_risk_margin_days',
          t('panels.settings.keys.at_risk_margin_days'),
          draft.at_risk_margin_days,
          (v) => edit((d) => ({ ...d, at_risk_margin_days: v })),
          days,
        )}
        {field(
          'serving_distance_m',
          t('panels.settings.keys.serving_distance_m'),
          draft.serving_distance_m,
          (v) => edit((d) => ({ ...d, serving_distance_m: v })),
          t('panels.settings.metres'),
        )}
        <p className="admin-hint">{t('panels.settings.forecastHint')}</p>
      </fieldset>
      <fieldset>
        <legend>{t('panels.settings.imports')}</legend>
        {field(
          'min_parcel_area_m2',
          t('panels.settings.keys.min_parcel_area_m2'),
          draft.min_parcel_area_m2,
          (v) => edit((d) => ({ ...d, min_parcel_area_m2: v })),
          t('panels.settings.squareMetres'),
        )}
        <p className="admin-hint">{t('panels.settings.importsHint')}</p>
      </fieldset>
      <fieldset>
        <legend>{t('panels.settings.keys.milestone_durations')}</legend>
        <div className="settings-grid">
          {MILESTONE_KINDS.map((kind) =>
            field(
              `milestone_durations.${kind}`,
              t(`milestoneKind.${kind}`),
              draft.milestone_durations[kind],
              (v) => edit((d) => ({ ...d, milestone_durations: { ...d.milestone_durations, [kind]: v } })),
              days,
            ),
          )}
        </div>
        <p className="admin-hint">{t('panels.settings.durationsHint')}</p>
      </fieldset>
      <fieldset>
        <legend>{t('panels.settings.documents.title')}</legend>
        <div className="settings-grid settings-checks">
          {MILESTONE_KINDS.map((kind) => (
            <label key={kind} className="settings-check">
              <input
                type="checkbox"
                checked={draft.documents_required[kind]}
                data-setting={`documents_required.${kind}`}
                onChange={(event) => {
                  const checked = event.target.checked
                  edit((d) => ({ ...d, documents_required: { ...d.documents_required, [kind]: checked } }))
                }}
              />
              {t(`milestoneKind.${kind}`)}
            </label>
          ))}
        </div>
        {groupError('documents_required')}
        <p className="admin-hint">{t('panels.settings.documents.hint')}</p>
      </fieldset>
      <fieldset>
        <legend>{t('panels.settings.keys.matching_weights')}</legend>
        <div className="settings-grid">
          {MATCH_CRITERIA.map((criterion) =>
            field(
              `matching_weights.${criterion}`,
              t(`invest.criterion.${criterion}`),
              draft.matching_weights[criterion],
              (v) => edit((d) => ({ ...d, matching_weights: { ...d.matching_weights, [criterion]: v } })),
              '',
            ),
          )}
        </div>
        {groupError('matching_weights')}
        <p className="admin-hint">{t('panels.settings.weightsHint')}</p>
      </fieldset>
      <fieldset>
        <legend>{t('panels.settings.keys.evaluation')}</legend>
        <div className="settings-grid">
          {draft.indicators.map((indicator, index) =>
            field(
              `evaluation.indicators.${index}.weight`,
              indicatorLabel(indicator.key, i18n.language),
              indicator.weight,
              (v) =>
                edit((d) => ({
                  ...d,
                  indicators: d.indicators.map((item, i) => (i === index ? { ...item, weight: v } : item)),
                })),
              '',
            ),
          )}
        </div>
        {groupError('evaluation.indicators')}
        <div className="settings-grid">
          {(['a', 'b', 'd'] as const).map((grade) =>
            field(
              `evaluation.grade_percentiles.${grade}`,
              t(`panels.settings.grade.${grade}`),
              draft.grade_percentiles[grade],
              (v) => edit((d) => ({ ...d, grade_percentiles: { ...d.grade_percentiles, [grade]: v } })),
              '%',
            ),
          )}
        </div>
        {groupError('evaluation.grade_percentiles')}
        <p className="admin-hint">{t('panels.settings.evaluationHint')}</p>
      </fieldset>
      <fieldset>
        <legend>{t('panels.settings.escalation.title')}</legend>
        <div className="settings-grid settings-escalation">
          {ESCALATION_KEYS.map((key) =>
            field(
              `escalation.${key}`,
              t(`panels.settings.escalation.${key}`),
              draft.escalation[key],
              (v) => edit((d) => ({ ...d, escalation: { ...d.escalation, [key]: v } })),
              key.endsWith('_days') ? days : t('panels.settings.escalation.points'),
            ),
          )}
        </div>
        {groupError('escalation')}
        <p className="admin-hint">{t('panels.settings.escalation.hint')}</p>
      </fieldset>
      <fieldset>
        <legend>{t('panels.settings.inspections.title')}</legend>
        <div className="settings-grid">
          {departmentSelect('milestone_department_id')}
          {departmentSelect('start_department_id')}
          {field(
            'inspection_tasks.due_days',
            t('panels.settings.inspections.due_days'),
            draft.inspection_tasks.due_days,
            (v) => edit((d) => ({ ...d, inspection_tasks: { ...d.inspection_tasks, due_days: v } })),
            days,
          )}
        </div>
        <p className="admin-hint">{t('panels.settings.inspections.hint')}</p>
      </fieldset>
      <SettingsNotice notice={notice} onReload={(current) => reset(current ?? settings)} />
      <div className="form-actions">
        <button type="submit" className="button-small button-accent" disabled={busy}>
          {t('panels.settings.save')}
        </button>
        <button
          type="button"
          className="button-small"
          disabled={busy || !dirty}
          onClick={() => {
            reset(base)
            setNotice(null)
          }}
        >
          {t('panels.settings.undo')}
        </button>
      </div>
    </form>
  )
}

function SettingsNotice({
  notice,
  onReload,
}: {
  notice: Notice
  onReload: (current: ZoneSettings | null) => void
}) {
  const { t } = useTranslation()
  const say = useShownError()
  if (!notice) return null
  if (notice.kind === 'saved' || notice.kind === 'unchanged') {
    return (
      <p className="admin-notice admin-notice-done" role="status">
        {t(`panels.settings.${notice.kind}`)}
      </p>
    )
  }
  if (notice.kind === 'conflict') {
    return (
      <div className="panel-error admin-notice settings-conflict" role="alert">
        <p>{t('panels.settings.conflict')}</p>
        <button type="button" className="button-small" onClick={() => onReload(notice.current)}>
          {t('panels.settings.reload')}
        </button>
      </div>
    )
  }
  return (
    <p className="panel-error admin-notice" role="alert">
      {notice.kind === 'invalid'
        ? t('panels.settings.invalid')
        : say({ key: 'admin.failed', failure: notice.failure })}
    </p>
  )
}

const HISTORY_SHOWN = 30

/** Who changed which setting when, from what to what, in words; newest first. */
function SettingsHistory() {
  const { t, i18n } = useTranslation()
  const id = useId()
  const query = useQuery(queries.zoneSettingsHistory())
  const departments = useQuery(queries.departments())
  const departmentName = (departmentId: number) => {
    const found = departments.data?.find((d) => d.id === departmentId)
    if (!found) return `#${departmentId}`
    return currentLanguage() === 'en' && found.name_en ? found.name_en : found.name
  }
  const changes = query.data?.changes ?? []
  return (
    <section className="settings-history" aria-labelledby={id}>
      <h4 id={id}>{t('panels.settings.history.title')}</h4>
      {query.isError && !query.data && (
        <p className="panel-error" role="alert">
          {t('admin.failed', { message: query.error.message })}
        </p>
      )}
      {query.data && changes.length === 0 && (
        <p className="panel-note">{t('panels.settings.history.empty')}</p>
      )}
      <ol className="settings-history-list">
        {changes.slice(0, HISTORY_SHOWN).map((row) => (
          <li key={row.id}>
            <span className="mono">{formatTimestamp(row.changed_at)}</span>{' '}
            <span className="settings-history-actor">{row.actor}</span>{' '}
            {Object.entries(row.changes as Record<string, { from?: unknown; to?: unknown }>).map(
              ([key, change]) => (
                <span key={key} className="settings-history-change">
                  {describeSettingChange(t, i18n.language, key, change, departmentName)}
                </span>
              ),
            )}
          </li>
        ))}
      </ol>
    </section>
  )
}
