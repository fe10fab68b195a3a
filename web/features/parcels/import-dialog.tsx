import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { groupRejections } from '../../../server/domain/import/rejection-groups'
import { IMPORT_CRSS } from '../../../server/domain/import/types'
import type { Language } from '../../../server/domain/messages'
import { LAND_USES } from '../../../server/domain/vocabulary'
import { apiErrorHeadline, catalogueText } from '../milestones/api-error-message'
import { showImportedParcels } from './imported-parcels'
import { type ImportFields, type ImportReport, useParcelImport } from './use-parcel-import'

const ACCEPT = '.geojson,.json,.zip,.kml,.txt'
const EMPTY_FIELDS: ImportFields = {
  crs: '',
  code_field: '',
  name_field: '',
  land_use_field: '',
  default_land_use: '',
}

// the preview and the warnings list at most this many rows (a cadastre has thousands)
const SHOWN_ROWS = 200

type RejectedRow = ImportReport['rejected'][number]

function asRejections(details: unknown[]): RejectedRow[] {
  return details.filter(
    (d): d is RejectedRow => typeof d === 'object' && d !== null && 'reason' in d && 'index' in d,
  )
}

/**
 * Rows refused (or overlapping), grouped by reason: each reason once with how many rows give it and the first
 * rows' numbers and codes, so 4,241 rows refused for one reason are one line. Reasons the web's catalogue knows
 * are said in the interface language.
 */
function Rejections({
  rows,
  caption = 'parcelImport.rejectedCaption',
}: {
  rows: RejectedRow[]
  caption?: 'parcelImport.rejectedCaption' | 'parcelImport.overlapsCaption'
}) {
  const { t, i18n } = useTranslation()
  const language: Language = i18n.resolvedLanguage === 'en' ? 'en' : 'zh-CN'
  const groups = useMemo(
    () =>
      groupRejections(
        rows.map((row) => ({
          ...row,
          reason: catalogueText(row.reason_key, row.reason_params, row.reason, language),
        })),
        language,
      ),
    [rows, language],
  )
  if (rows.length === 0) return null
  return (
    <div className="import-rejections">
      <table className="milestones">
        <caption>{t(caption, { count: rows.length })}</caption>
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

function Warnings({ warnings }: { warnings: NonNullable<ImportReport['warnings']> }) {
  const { t, i18n } = useTranslation()
  if (warnings.length === 0) return null
  const language: Language = i18n.resolvedLanguage === 'en' ? 'en' : 'zh-CN'
  return (
    <div className="import-rejections" role="note">
      <p className="panel-note">{t('importFiles.warningsCaption', { count: warnings.length })}</p>
      <ul>
        {warnings.slice(0, SHOWN_ROWS).map((w, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: warnings have no id and never reorder
          <li key={i}>{w.message[language]}</li>
        ))}
      </ul>
    </div>
  )
}

/** The dry run's parcels with their names as decoded, so that a garbled name is seen before anything is written. */
function Preview({ parcels }: { parcels: NonNullable<ImportReport['parcels']> }) {
  const { t } = useTranslation()
  if (parcels.length === 0) return null
  return (
    <div className="import-rejections">
      <table className="milestones">
        <caption>{t('importFiles.previewCaption', { count: parcels.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('parcelImport.row')}</th>
            <th scope="col">{t('parcelImport.code')}</th>
            <th scope="col">{t('importFiles.name')}</th>
            <th scope="col">{t('importFiles.action')}</th>
            <th scope="col">{t('importFiles.area')}</th>
          </tr>
        </thead>
        <tbody>
          {parcels.slice(0, SHOWN_ROWS).map((p) => (
            <tr key={p.index}>
              <td>{p.index + 1}</td>
              <td>{p.code}</td>
              <td>{p.name ?? t('common.none')}</td>
              <td>{t(`importFiles.${p.action}`)}</td>
              <td>{t('importFiles.areaValue', { mu: p.area_mu, m2: p.area_m2 })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {parcels.length > SHOWN_ROWS && (
        <p className="panel-note">{t('importFiles.moreParcels', { count: parcels.length - SHOWN_ROWS })}</p>
      )}
    </div>
  )
}

function Report({ report }: { report: ImportReport }) {
  const { t } = useTranslation()
  return (
    <div role="status">
      <p className={report.dry_run ? 'panel-note' : 'schedule-saved'}>
        {t(report.dry_run ? 'parcelImport.previewSummary' : 'parcelImport.doneSummary', {
          created: report.created,
          updated: report.updated,
          rejected: report.rejected.length,
        })}
      </p>
      <p className="panel-note">
        {t('parcelImport.crsRead', {
          crs: report.crs,
          source: t(`parcelImport.crsSource.${report.crs_source}`),
        })}
      </p>
      <Warnings warnings={report.warnings ?? []} />
      <Rejections rows={report.rejected} />
      <Rejections rows={report.overlaps ?? []} caption="parcelImport.overlapsCaption" />
      {report.dry_run && <Preview parcels={report.parcels ?? []} />}
    </div>
  )
}

/**
 * A field of the file to map: the attribute names the last check found in it; before a check (or when the file's
 * names are the usual ones) the default, which reads the usual names (code / DKBH…).
 */
function FieldSelect({
  id,
  value,
  onChange,
  fields,
  auto,
}: {
  id: string
  value: string
  onChange: (event: { target: { value: string } }) => void
  fields: readonly string[]
  auto: string
}) {
  const { t } = useTranslation()
  return (
    <select id={id} value={value} onChange={onChange}>
      <option value="">{t('panels.importFields.auto', { names: auto })}</option>
      {fields.map((name) => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
    </select>
  )
}

type ImportDialogProps = { onClose: () => void }

/**
 * Import parcels from GeoJSON, a zipped Shapefile, KML or a boundary-point TXT: choose the file, the CRS (the
 * file's by default) and the attribute fields, check it (dry run), then import; the upload shows its progress.
 */
export function ImportDialog({ onClose }: ImportDialogProps) {
  const { t } = useTranslation()
  const id = useId()
  const dialogRef = useRef<HTMLDialogElement>(null)
  const [file, setFile] = useState<File | null>(null)
  const [fields, setFields] = useState<ImportFields>(EMPTY_FIELDS)
  const { state, run, cancel } = useParcelImport()
  // the attribute names the last check found in this file: the field mapping offers them
  const [fileFields, setFileFields] = useState<string[]>([])
  const reportFields = state.phase === 'done' ? state.report.fields : undefined
  useEffect(() => {
    if (reportFields) setFileFields(reportFields)
  }, [reportFields])

  useEffect(() => {
    const dialog = dialogRef.current
    if (dialog && !dialog.open) dialog.showModal()
  }, [])

  const busy = state.phase === 'uploading'
  const checked = state.phase === 'done' && state.report.dry_run && state.report.rejected.length === 0
  const set = (key: keyof ImportFields) => (event: { target: { value: string } }) => {
    setFields((current) => ({ ...current, [key]: event.target.value }))
    if (state.phase !== 'uploading') cancel()
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (file) void run(file, fields, !checked)
  }

  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <form onSubmit={submit}>
        <h3 id={`${id}-title`}>{t('parcelImport.title')}</h3>
        <div className="form-grid">
          <label htmlFor={`${id}-file`}>{t('parcelImport.file')}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept={ACCEPT}
            required
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null)
              setFileFields([])
              setFields((current) => ({ ...current, code_field: '', name_field: '', land_use_field: '' }))
              cancel()
            }}
          />
          <label htmlFor={`${id}-crs`}>{t('parcelImport.crs')}</label>
          <select id={`${id}-crs`} value={fields.crs} onChange={set('crs')}>
            <option value="">{t('parcelImport.crsFromFile')}</option>
            {IMPORT_CRSS.map((crs) => (
              <option key={crs} value={crs}>
                {t(`parcelImport.crsName.${crs}`)}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-code`}>{t('parcelImport.codeField')}</label>
          <FieldSelect
            id={`${id}-code`}
            value={fields.code_field}
            onChange={set('code_field')}
            fields={fileFields}
            auto="code / DKBH"
          />
          <label htmlFor={`${id}-name`}>{t('parcelImport.nameField')}</label>
          <FieldSelect
            id={`${id}-name`}
            value={fields.name_field}
            onChange={set('name_field')}
            fields={fileFields}
            auto="name / DKMC"
          />
          <label htmlFor={`${id}-use`}>{t('parcelImport.landUseField')}</label>
          <FieldSelect
            id={`${id}-use`}
            value={fields.land_use_field}
            onChange={set('land_use_field')}
            fields={fileFields}
            auto="land_use / YDXZ"
          />
          <label htmlFor={`${id}-default-use`}>{t('parcelImport.defaultLandUse')}</label>
          <select id={`${id}-default-use`} value={fields.default_land_use} onChange={set('default_land_use')}>
            <option value="">{t('parcelImport.noDefault')}</option>
            {LAND_USES.map((use) => (
              <option key={use} value={use}>
                {t(`landUse.${use}`)}
              </option>
            ))}
          </select>
        </div>
        <p className="panel-note">{t('parcelImport.hint')}</p>
        <p className="panel-note">
          {fileFields.length > 0
            ? t('panels.importFields.found', { count: fileFields.length })
            : t('panels.importFields.checkFirst')}
        </p>
        {state.phase === 'uploading' && (
          <p role="status">
            <progress value={state.progress} max={1} aria-label={t('parcelImport.uploading')} />{' '}
            {state.progress < 1
              ? t('parcelImport.uploadingPercent', { percent: Math.round(state.progress * 100) })
              : t('parcelImport.checking')}
          </p>
        )}
        {state.phase === 'done' && <Report report={state.report} />}
        {state.phase === 'failed' && (
          <div className="form-error" role="alert">
            <p>{t('parcelImport.failed', { message: apiErrorHeadline(state.error) })}</p>
            <Rejections rows={asRejections(state.error.details)} />
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={!file || busy}>
            {checked ? t('parcelImport.import') : t('parcelImport.check')}
          </button>
          {state.phase === 'done' && state.report.imported && state.report.imported.ids.length > 0 && (
            <button
              type="button"
              className="button-primary"
              onClick={() => {
                const imported = state.report.imported
                if (imported) {
                  showImportedParcels({
                    ids: imported.ids,
                    overlapIds: imported.overlap_ids,
                    bbox: imported.bbox,
                  })
                }
                dialogRef.current?.close()
              }}
            >
              {t('panels.imported.show', { count: state.report.imported.ids.length })}
            </button>
          )}
          <button type="button" className="button-quiet" onClick={() => dialogRef.current?.close()}>
            {state.phase === 'done' && !state.report.dry_run
              ? t('parcelImport.close')
              : t('parcelImport.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  )
}

/** The header's 导入地块 button, for land officers and admins; opens the import dialog. */
export function ImportParcelsButton() {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className="button-quiet" onClick={() => setOpen(true)}>
        {t('parcelImport.open')}
      </button>
      {open && <ImportDialog onClose={() => setOpen(false)} />}
    </>
  )
}
