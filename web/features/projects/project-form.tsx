import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { LAND_USES, type LandUse, type ProjectKind, type Sector } from '../../../server/domain/vocabulary'
import { invalidateResources } from '../../api/change-invalidation'
import { ApiError, api } from '../../api/client'
import type { ProjectCreateBody, ProjectDetail } from '../../api/types'
import { type ShownError, useShownError } from '../milestones/shown-error'
import { SectorKindSelects } from './sector-kind-selects'

/** The form's fields, as typed (numbers as text until saved). */
type Fields = {
  name: string
  company: string
  sector: Sector
  kind: ProjectKind
  investment_wan: string
  manager: string
  source_city: string
  contacts: string
  expected_jobs: string
  site: string
  area_mu_min: string
  area_mu_max: string
  land_use: LandUse[]
  needed_by: string
  power_kva: string
}

const EMPTY: Fields = {
  name: '',
  company: '',
  sector: 'new_materials',
  kind: 'new',
  investment_wan: '',
  manager: '',
  source_city: '',
  contacts: '',
  expected_jobs: '',
  site: '',
  area_mu_min: '',
  area_mu_max: '',
  land_use: [],
  needed_by: '',
  power_kva: '',
}

const text = (value: string | number | null | undefined) => (value == null ? '' : String(value))

/** A project's stored values as the form's fields. */
export function fieldsOf(p: Pick<ProjectDetail, keyof ProjectCreateBody & keyof ProjectDetail>): Fields {
  const detail = p as ProjectDetail
  return {
    name: detail.name,
    company: detail.company,
    sector: detail.sector,
    kind: detail.kind,
    investment_wan: text(detail.investment_wan),
    manager: text(detail.manager),
    source_city: text(detail.source_city),
    contacts: text(detail.contacts),
    expected_jobs: text(detail.expected_jobs),
    site: '',
    area_mu_min: text(detail.needs.area_mu_min),
    area_mu_max: text(detail.needs.area_mu_max),
    land_use: [...(detail.needs.land_use ?? [])],
    needed_by: text(detail.needs.needed_by),
    power_kva: text(detail.needs.power_kva),
  }
}

const orNull = (value: string) => (value.trim() ? value.trim() : null)
const numberOrNull = (value: string) => (value.trim() ? Number(value) : null)

/** The request body of the fields (the site, typed as a parcel code, is resolved separately). */
function bodyOf(f: Fields) {
  return {
    name: f.name.trim(),
    company: f.company.trim(),
    sector: f.sector,
    kind: f.kind,
    investment_wan: Number(f.investment_wan || 0),
    manager: orNull(f.manager),
    source_city: orNull(f.source_city),
    contacts: orNull(f.contacts),
    expected_jobs: numberOrNull(f.expected_jobs),
    needs: {
      area_mu_min: numberOrNull(f.area_mu_min),
      area_mu_max: numberOrNull(f.area_mu_max),
      land_use: f.land_use.length ? f.land_use : null,
      needed_by: orNull(f.needed_by),
      power_kva: numberOrNull(f.power_kva),
    },
  }
}

/** The fields that differ between two versions of the form. */
function changedKeys(before: Fields, after: Fields): (keyof Fields)[] {
  return (Object.keys(after) as (keyof Fields)[]).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  )
}

/** A parcel id from its exact code; a 400-like error when there is none. */
async function parcelIdOf(code: string): Promise<number> {
  const found = await api.findParcels(code)
  const parcel = found.features.find((f) => f.properties.code === code)
  if (!parcel) throw new Error(code)
  return parcel.properties.id
}

type ProjectFormProps = {
  /** the project to edit, as read when the form opened; absent to create one */
  project?: ProjectDetail
  onSaved: (id: number) => void
  onCancel: () => void
}

/**
 * Creates a project or edits one (issue 15): company, sector, kind (增资扩产 included), investment in 万元, manager,
 * source city, contacts, needs, and a site by parcel code. An edit carries the version it was opened with; when
 * someone saved in between, the server's 409 brings the current project, which the form loads while keeping the
 * fields this person changed, and says so — nothing typed is lost.
 */
export function ProjectForm({ project, onSaved, onCancel }: ProjectFormProps) {
  const { t } = useTranslation()
  const say = useShownError()
  const id = useId()
  const queryClient = useQueryClient()
  const [base, setBase] = useState<{ fields: Fields; version: number } | null>(() =>
    project ? { fields: fieldsOf(project), version: project.version } : null,
  )
  const [fields, setFields] = useState<Fields>(() => (project ? fieldsOf(project) : EMPTY))
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ShownError | null>(null)
  const [conflict, setConflict] = useState<number | null>(null)
  const set = (patch: Partial<Fields>) => setFields((current) => ({ ...current, ...patch }))

  const save = async () => {
    const body = bodyOf(fields)
    let siteId: number | undefined
    if (fields.site.trim()) {
      try {
        siteId = await parcelIdOf(fields.site.trim())
      } catch {
        throw new Error(t('pipeline.form.siteNotFound', { code: fields.site.trim() }))
      }
    }
    if (!project || !base) {
      const created = await api.createProject({
        ...body,
        ...(siteId ? { existing_parcel_id: siteId } : {}),
      } as ProjectCreateBody)
      return created.id
    }
    // only what this person changed, so a concurrent change to another field is not overwritten
    const changed = changedKeys(base.fields, fields)
    const patch: Record<string, unknown> = { version: base.version }
    for (const key of changed) {
      if (key === 'site') continue
      if (['area_mu_min', 'area_mu_max', 'land_use', 'needed_by', 'power_kva'].includes(key)) {
        patch.needs = { ...(patch.needs as object), [key]: body.needs[key as keyof typeof body.needs] }
      } else patch[key] = body[key as keyof typeof body]
    }
    if (siteId) patch.existing_parcel_id = siteId
    if (reason.trim()) patch.reason = reason.trim()
    await api.patchProject(project.id, patch as never)
    return project.id
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    save()
      .then(
        (saved) => {
          void invalidateResources(queryClient, ['projects', 'parcels'])
          onSaved(saved)
        },
        (e: unknown) => {
          const current =
            e instanceof ApiError && e.code === 'version_conflict'
              ? (e.details[0] as { current?: ProjectDetail } | undefined)?.current
              : undefined
          if (current && base) {
            // load the current project, keeping what this person changed over it
            const latest = fieldsOf(current)
            const mine = changedKeys(base.fields, fields)
            const merged = { ...latest }
            for (const key of mine) (merged as Record<string, unknown>)[key] = fields[key]
            setBase({ fields: latest, version: current.version })
            setFields(merged)
            setConflict(current.version)
            return
          }
          setError({ key: 'pipeline.form.failed', failure: e })
        },
      )
      .finally(() => setBusy(false))
  }

  const field = (key: keyof Fields, label: string, props: Record<string, unknown> = {}) => (
    <label htmlFor={`${id}-${key}`}>
      {label}
      <input
        id={`${id}-${key}`}
        value={fields[key] as string}
        onChange={(e) => set({ [key]: e.target.value } as Partial<Fields>)}
        {...props}
      />
    </label>
  )

  return (
    <form className="project-form" aria-labelledby={`${id}-title`} onSubmit={submit}>
      <h3 id={`${id}-title`}>{project ? t('pipeline.form.editTitle') : t('pipeline.form.createTitle')}</h3>
      {conflict !== null && (
        <p className="panel-error" role="alert">
          {t('pipeline.form.conflict', { who: t('pipeline.form.someone'), version: conflict })}
        </p>
      )}
      <div className="form-grid">
        {field('name', t('pipeline.form.name'), { required: true, maxLength: 200 })}
        {field('company', t('pipeline.form.company'), { required: true, maxLength: 200 })}
        <SectorKindSelects value={{ sector: fields.sector, kind: fields.kind }} onChange={set} />
        {field('investment_wan', t('pipeline.form.investment'), {
          type: 'number',
          min: 0,
          max: 100_000_000,
          step: 1,
          inputMode: 'numeric',
        })}
        {field('manager', t('pipeline.form.manager'), { maxLength: 100 })}
        {field('source_city', t('pipeline.form.sourceCity'), { maxLength: 100 })}
        {field('expected_jobs', t('pipeline.form.expectedJobs'), { type: 'number', min: 0, step: 1 })}
        <label htmlFor={`${id}-contacts`} className="form-wide">
          {t('pipeline.form.contacts')}
          <textarea
            id={`${id}-contacts`}
            value={fields.contacts}
            onChange={(e) => set({ contacts: e.target.value })}
            maxLength={500}
            rows={2}
          />
        </label>
        {field('site', t('pipeline.form.site'), { maxLength: 100, className: 'mono' })}
      </div>
      <fieldset className="form-grid">
        <legend>{t('pipeline.form.needs')}</legend>
        {field('area_mu_min', t('pipeline.form.areaMin'), { type: 'number', min: 0.01, step: 0.01 })}
        {field('area_mu_max', t('pipeline.form.areaMax'), { type: 'number', min: 0.01, step: 0.01 })}
        {field('needed_by', t('pipeline.form.neededBy'), { type: 'date' })}
        {field('power_kva', t('pipeline.form.power'), { type: 'number', min: 0, step: 1 })}
        <fieldset className="form-wide land-use-choice">
          <legend>{t('pipeline.form.landUse')}</legend>
          {LAND_USES.map((use) => (
            <label key={use} className="checkbox-label">
              <input
                type="checkbox"
                checked={fields.land_use.includes(use)}
                onChange={(e) =>
                  set({
                    land_use: e.target.checked
                      ? [...fields.land_use, use]
                      : fields.land_use.filter((u) => u !== use),
                  })
                }
              />
              {t(`landUse.${use}`)}
            </label>
          ))}
        </fieldset>
      </fieldset>
      {project && (
        <label htmlFor={`${id}-reason`}>
          {t('pipeline.form.reason')}
          <input
            id={`${id}-reason`}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={500}
          />
        </label>
      )}
      <div className="form-actions">
        <button type="submit" className="button-small button-accent" disabled={busy}>
          {busy ? t('pipeline.form.saving') : project ? t('pipeline.form.save') : t('pipeline.form.create')}
        </button>
        <button type="button" className="button-small" onClick={onCancel}>
          {t('pipeline.form.cancel')}
        </button>
      </div>
      {error && (
        <p className="panel-error" role="alert">
          {say(error)}
        </p>
      )}
    </form>
  )
}
