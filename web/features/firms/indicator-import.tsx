import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { groupRejections } from '../../../server/domain/import/rejection-groups'
import type { Language } from '../../../server/domain/messages'
import { invalidateResources } from '../../api/change-invalidation'
import { ApiError, apiFetch } from '../../api/client'
import { apiErrorHeadline, catalogueText } from '../milestones/api-error-message'
import { PanelFrame } from '../shell/panel-frame'

/** A refused row as the API lists it (the preview's `rejected`, or a refused import's details). */
type Refused = {
  row: number
  firm: string | null
  reason: string
  reason_key?: string
  reason_params?: Record<string, unknown>
}
type Report = { created: number; updated: number; rejected: Refused[]; skipped: number; dry_run: boolean }

const ACCEPT = '.xlsx,.csv'

async function sendIndicators(file: File, dryRun: boolean): Promise<Report> {
  const form = new FormData()
  form.append('file', file)
  if (dryRun) form.append('dry_run', 'true')
  const response = await apiFetch('/api/firms/indicators/import', { method: 'POST', body: form })
  return (await response.json()) as Report
}

/** The refused rows grouped by reason, like the parcel import dialog: each reason once, its count, its first rows. */
function Refusals({ rows }: { rows: Refused[] }) {
  const { t, i18n } = useTranslation()
  const language: Language = i18n.resolvedLanguage === 'en' ? 'en' : 'zh-CN'
  const groups = useMemo(
    () =>
      groupRejections(
        rows.map((r) => ({
          index: r.row - 1,
          code: r.firm,
          reason: catalogueText(r.reason_key, r.reason_params, r.reason, language),
          ...(r.reason_key ? { reason_key: r.reason_key } : {}),
          ...(r.reason_params ? { reason_params: r.reason_params } : {}),
        })),
        language,
      ),
    [rows, language],
  )
  if (rows.length === 0) return null
  return (
    <div className="import-rejections" data-testid="indicator-rejections">
      <table className="milestones">
        <caption>{t('efficiency.import.rejected', { count: rows.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('parcelImport.reason')}</th>
            <th scope="col">{t('messages.rowCount')}</th>
            <th scope="col">{t('messages.firstRows')}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={`${group.reason_key}:${group.reason}:${group.rows[0]?.index}`}>
              <td>{group.reason}</td>
              <td>{group.count}</td>
              <td>
                {group.rows
                  .map((row) =>
                    t('messages.rowAndCode', { row: row.index + 1, code: row.code ?? t('common.none') }),
                  )
                  .join(t('messages.listSeparator'))}
                {group.count > group.rows.length &&
                  t('messages.andMore', { count: group.count - group.rows.length })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/**
 * 导入亩均指标 (issue 18): download the XLSX template (Chinese headers, the zone's firms listed), upload it filled in
 * or a CSV, check it (a dry run: what would be written, or every refused row and why, grouped by reason), then
 * import — all or nothing, as the server does.
 */
export function IndicatorImportPanel({ year, onClose }: { year: number; onClose: () => void }) {
  const { t } = useTranslation()
  const id = useId()
  const queryClient = useQueryClient()
  const [file, setFile] = useState<File | null>(null)
  const [report, setReport] = useState<Report | null>(null)
  const [refused, setRefused] = useState<Refused[]>([])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const run = (dryRun: boolean) => {
    if (!file) return
    setBusy(true)
    setError(null)
    setRefused([])
    setReport(null)
    sendIndicators(file, dryRun)
      .then(
        (answer) => {
          setReport(answer)
          setRefused(answer.rejected)
          if (!answer.dry_run) void invalidateResources(queryClient, ['firms'])
        },
        (e: unknown) => {
          if (e instanceof ApiError && e.code === 'import_rejected') setRefused(e.details as Refused[])
          setError(apiErrorHeadline(e))
        },
      )
      .finally(() => setBusy(false))
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    run(false)
  }

  return (
    <PanelFrame headingId={`${id}-title`} heading={t('efficiency.import.title')} onClose={onClose}>
      <form className="project-form indicator-import" onSubmit={submit}>
        <p className="panel-note">{t('efficiency.import.intro')}</p>
        <p>
          <a className="button-small" href={`/api/firms/indicators/template?year=${year}`} download>
            {t('efficiency.import.template', { year })}
          </a>
        </p>
        <label htmlFor={`${id}-file`}>
          {t('efficiency.import.file')}
          <input
            id={`${id}-file`}
            type="file"
            accept={ACCEPT}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null)
              setReport(null)
              setRefused([])
              setError(null)
            }}
          />
        </label>
        <div className="form-actions">
          <button type="button" className="button-small" disabled={!file || busy} onClick={() => run(true)}>
            {t('efficiency.import.check')}
          </button>
          <button type="submit" className="button-small button-accent" disabled={!file || busy}>
            {t('efficiency.import.submit')}
          </button>
        </div>
        {busy && <p className="panel-note">{t('efficiency.import.working')}</p>}
        {error && (
          <p className="panel-error" role="alert">
            {error}
          </p>
        )}
        {report && refused.length === 0 && (
          <p className={report.dry_run ? 'panel-note' : 'schedule-saved'} role="status">
            {report.dry_run
              ? t('efficiency.import.checked', { created: report.created, updated: report.updated })
              : t('efficiency.import.done', { created: report.created, updated: report.updated })}
            {report.skipped > 0 && ` ${t('efficiency.import.skipped', { count: report.skipped })}`}
          </p>
        )}
        {report?.dry_run && refused.length > 0 && (
          <p className="panel-error" role="alert">
            {t('efficiency.import.previewRefused', { count: refused.length })}
          </p>
        )}
        <Refusals rows={refused} />
      </form>
    </PanelFrame>
  )
}
