import { useQueryClient } from '@tanstack/react-query'
import { parseResponse } from 'hono/client'
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { commitmentDatesProblem } from '../../../server/domain/firm'
import { invalidateResources } from '../../api/change-invalidation'
import { ApiError, apiClient } from '../../api/client'
import { type ShownError, useShownError } from '../milestones/shown-error'
import type { FirmCommitment } from './firm-queries'

/** The form's fields, as typed (numbers as text until saved). */
type Fields = {
  parcel_id: string
  sold_on: string
  start_by: string
  complete_by: string
  output_from_year: string
  investment_wan_per_mu: string
  output_wan_per_mu: string
  tax_wan_per_mu: string
  far_min: string
  started_on: string
  completed_on: string
  invested_wan: string
  built_far: string
}
type Key = keyof Fields
const NUMBERS: readonly Key[] = [
  'investment_wan_per_mu',
  'output_wan_per_mu',
  'tax_wan_per_mu',
  'far_min',
  'invested_wan',
  'built_far',
]
const OPTIONAL_DATES: readonly Key[] = ['started_on', 'completed_on']

const text = (value: string | number | null | undefined) => (value == null ? '' : String(value))

/** A stored commitment (as GET /api/firms/:id answers it, or as a 409 shows it) as the form's fields. */
function fieldsOf(c: FirmCommitment): Fields {
  return {
    parcel_id: String(c.parcel_id),
    sold_on: c.sold_on,
    start_by: c.committed.start_by,
    complete_by: c.committed.complete_by,
    output_from_year: String(c.committed.output_from_year),
    investment_wan_per_mu: text(c.committed.investment_wan_per_mu),
    output_wan_per_mu: text(c.committed.output_wan_per_mu),
    tax_wan_per_mu: text(c.committed.tax_wan_per_mu),
    far_min: text(c.committed.far_min),
    started_on: text(c.actual.started_on),
    completed_on: text(c.actual.completed_on),
    invested_wan: text(c.actual.invested_wan),
    built_far: text(c.actual.built_far),
  }
}

/** The stored row a 409 carries (snake_case columns) as the form's fields. */
function fieldsOfStored(row: Record<string, unknown>, parcelId: string): Fields {
  const out = { parcel_id: parcelId } as Fields
  for (const key of Object.keys(EMPTY) as Key[]) if (key !== 'parcel_id') out[key] = text(row[key] as string)
  return out
}

const EMPTY: Fields = {
  parcel_id: '',
  sold_on: '',
  start_by: '',
  complete_by: '',
  output_from_year: '',
  investment_wan_per_mu: '',
  output_wan_per_mu: '',
  tax_wan_per_mu: '',
  far_min: '',
  started_on: '',
  completed_on: '',
  invested_wan: '',
  built_far: '',
}

type CommitmentFormProps = {
  firmId: number
  /** the commitment edited; absent: a new one for one of `parcels` */
  commitment?: FirmCommitment
  /** the firm's parcels whose sale has no commitment yet (for a new one), by id with their codes */
  parcels?: readonly { id: number; code: string }[]
  onDone: () => void
}

/**
 * 标准地 commitment of a land sale, created or edited by land officers (issue 18): what was promised per mu, the
 * FAR, the deadlines and, as it happens, what was done. Dates out of order are refused here in words before the
 * server sees them; an edit sends only what this person changed at the version read, and a 409 loads the stored
 * commitment keeping this person's changes over it, to be saved again.
 */
export function CommitmentForm({ firmId, commitment, parcels = [], onDone }: CommitmentFormProps) {
  const { t } = useTranslation()
  const say = useShownError()
  const id = useId()
  const queryClient = useQueryClient()
  const start = commitment ? fieldsOf(commitment) : { ...EMPTY, parcel_id: text(parcels[0]?.id) }
  const [base, setBase] = useState({ fields: start, version: commitment?.version ?? 0 })
  const [fields, setFields] = useState<Fields>(start)
  const [error, setError] = useState<ShownError | null>(null)
  const [conflict, setConflict] = useState<number | null>(null)
  const [busy, setBusy] = useState(false)
  const set = (patch: Partial<Fields>) => setFields((current) => ({ ...current, ...patch }))

  const value = (key: Key): string | number | null => {
    const v = fields[key].trim()
    if (!v) return null
    return NUMBERS.includes(key) || key === 'output_from_year' ? Number(v) : v
  }

  const localProblem = (): ShownError | null => {
    const problem = commitmentDatesProblem({
      sold_on: fields.sold_on,
      start_by: fields.start_by,
      complete_by: fields.complete_by,
      started_on: fields.started_on || null,
      completed_on: fields.completed_on || null,
    })
    return problem ? { key: `efficiency.commitmentForm.problem.${problem}`, params: { ...fields } } : null
  }

  const save = async () => {
    if (!commitment) {
      const body: Record<string, unknown> = { parcel_id: Number(fields.parcel_id), firm_id: firmId }
      for (const key of Object.keys(EMPTY) as Key[]) {
        if (key === 'parcel_id') continue
        const v = value(key)
        if (v !== null) body[key] = v
      }
      await parseResponse(apiClient.commitments.$post({ json: body as never }))
      return
    }
    const patch: Record<string, unknown> = { version: base.version }
    for (const key of Object.keys(EMPTY) as Key[]) {
      if (key === 'parcel_id' || fields[key] === base.fields[key]) continue
      patch[key] = value(key)
    }
    await parseResponse(
      apiClient.commitments[':id'].$patch({ param: { id: String(commitment.id) }, json: patch as never }),
    )
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const problem = localProblem()
    if (problem) {
      setError(problem)
      return
    }
    setBusy(true)
    setError(null)
    save()
      .then(
        () => {
          void invalidateResources(queryClient, ['firms'])
          onDone()
        },
        (e: unknown) => {
          const current =
            e instanceof ApiError && e.code === 'version_conflict'
              ? (e.details[0] as { current?: Record<string, unknown> & { version: number } } | undefined)
                  ?.current
              : undefined
          if (current) {
            // the stored commitment, with what this person changed over it
            const latest = fieldsOfStored(current, fields.parcel_id)
            const merged = { ...latest }
            for (const key of Object.keys(EMPTY) as Key[])
              if (fields[key] !== base.fields[key]) merged[key] = fields[key]
            setBase({ fields: latest, version: current.version })
            setFields(merged)
            setConflict(current.version)
            return
          }
          setError({ failure: e })
        },
      )
      .finally(() => setBusy(false))
  }

  const input = (key: Key, type: 'date' | 'number', props: Record<string, unknown> = {}) => (
    <label htmlFor={`${id}-${key}`}>
      {t(`efficiency.commitmentForm.field.${key}`)}
      <input
        id={`${id}-${key}`}
        name={key}
        type={type}
        value={fields[key]}
        onChange={(e) => set({ [key]: e.target.value } as Partial<Fields>)}
        {...(type === 'number' ? { min: 0, step: 'any', inputMode: 'decimal' } : {})}
        {...props}
      />
    </label>
  )

  return (
    <form className="project-form commitment-form" aria-labelledby={`${id}-title`} onSubmit={submit}>
      <h4 id={`${id}-title`}>
        {commitment
          ? t('efficiency.commitmentForm.editTitle', { code: commitment.parcel_code })
          : t('efficiency.commitmentForm.createTitle')}
      </h4>
      {conflict !== null && (
        <p className="panel-error" role="alert">
          {t('efficiency.commitmentForm.conflict', { version: conflict })}
        </p>
      )}
      <div className="form-grid">
        {!commitment && (
          <label htmlFor={`${id}-parcel_id`}>
            {t('efficiency.commitmentForm.field.parcel_id')}
            <select
              id={`${id}-parcel_id`}
              value={fields.parcel_id}
              onChange={(e) => set({ parcel_id: e.target.value })}
              required
            >
              {parcels.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.code}
                </option>
              ))}
            </select>
          </label>
        )}
        {input('sold_on', 'date', { required: true })}
        {input('start_by', 'date', { required: true })}
        {input('complete_by', 'date', { required: true })}
        {input('output_from_year', 'number', { required: true, min: 2000, max: 2100, step: 1 })}
        {input('investment_wan_per_mu', 'number')}
        {input('output_wan_per_mu', 'number')}
        {input('tax_wan_per_mu', 'number')}
        {input('far_min', 'number')}
      </div>
      <fieldset className="commitment-actuals">
        <legend>{t('efficiency.commitmentForm.actuals')}</legend>
        <div className="form-grid">
          {OPTIONAL_DATES.map((key) => input(key, 'date'))}
          {input('invested_wan', 'number')}
          {input('built_far', 'number')}
        </div>
      </fieldset>
      {error && (
        <p className="panel-error" role="alert">
          {say(error)}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button-small button-accent" disabled={busy}>
          {busy ? t('efficiency.commitmentForm.saving') : t('efficiency.commitmentForm.save')}
        </button>
        <button type="button" className="button-small" onClick={onDone} disabled={busy}>
          {t('efficiency.commitmentForm.cancel')}
        </button>
      </div>
    </form>
  )
}
