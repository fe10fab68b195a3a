import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { OVERLAYS, type Overlay, type OverlayVisibility } from './overlays'

type LayerTogglesProps = {
  visibility: OverlayVisibility
  onChange: (overlay: Overlay, visible: boolean) => void
}

export function LayerToggles({ visibility, onChange }: LayerTogglesProps) {
  const { t } = useTranslation()
  const id = useId()
  return (
    <fieldset className="map-card layer-toggles">
      <legend className="map-card-title">{t('layers.title')}</legend>
      {OVERLAYS.map((overlay) => (
        <label key={overlay} className="toggle" htmlFor={`${id}-${overlay}`}>
          <input
            id={`${id}-${overlay}`}
            type="checkbox"
            checked={visibility[overlay]}
            onChange={(event) => onChange(overlay, event.target.checked)}
          />
          <span>{t(`layers.${overlay}`)}</span>
        </label>
      ))}
    </fieldset>
  )
}
