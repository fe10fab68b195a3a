import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { PROJECT_KINDS, type ProjectKind, SECTORS, type Sector } from '../../../server/domain/vocabulary'

/** A project's sector and kind; '' for "any" where the selects filter. */
type SectorKind = { sector: Sector | ''; kind: ProjectKind | '' }

type SectorKindSelectsProps<V extends SectorKind> = {
  value: V
  onChange: (patch: NoInfer<Partial<V>>) => void
  /** the words of an "any" first option (a filter); absent where a project needs both (the form) */
  anyLabel?: string
}

/**
 * The 产业 and 类型 selects of a project, shared by the project form (both required) and the board's filters
 * (each with an "any" option): the same labels, options and order in both places.
 */
export function SectorKindSelects<V extends SectorKind>({
  value,
  onChange,
  anyLabel,
}: SectorKindSelectsProps<V>) {
  const { t } = useTranslation()
  const id = useId()
  // '' is only offered, so only chosen, when there is an "any" option; otherwise a picked option is a V value
  const pick = (key: keyof SectorKind, picked: string) => onChange({ [key]: picked } as Partial<V>)
  const any = anyLabel !== undefined && <option value="">{anyLabel}</option>
  return (
    <>
      <label htmlFor={`${id}-sector`}>
        {t('pipeline.form.sector')}
        <select id={`${id}-sector`} value={value.sector} onChange={(e) => pick('sector', e.target.value)}>
          {any}
          {SECTORS.map((s) => (
            <option key={s} value={s}>
              {t(`sector.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={`${id}-kind`}>
        {t('pipeline.form.kind')}
        <select id={`${id}-kind`} value={value.kind} onChange={(e) => pick('kind', e.target.value)}>
          {any}
          {PROJECT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`projectKind.${k}`)}
            </option>
          ))}
        </select>
      </label>
    </>
  )
}
