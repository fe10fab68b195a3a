import { type ReactNode, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNarrowScreen } from './use-narrow-screen'

type MapCardsFoldProps = { children: ReactNode }

/**
 * The layer, colouring and legend cards over the map, behind one button that folds and unfolds them: unfolded
 * by default on a wide screen, folded on a phone (they would cover most of the map and catch the taps meant
 * for parcels). Folded cards stay mounted, so playback and the chosen date go on.
 */
export function MapCardsFold({ children }: MapCardsFoldProps) {
  const { t } = useTranslation()
  const id = useId()
  const narrow = useNarrowScreen()
  // null until the user chooses: the screen's default
  const [chosen, setChosen] = useState<boolean | null>(null)
  const open = chosen ?? !narrow
  return (
    <>
      <button
        type="button"
        className="map-card map-cards-toggle"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setChosen(!open)}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> {open ? t('mapCards.fold') : t('mapCards.unfold')}
      </button>
      <div id={id} className="map-cards" hidden={!open}>
        {children}
      </div>
    </>
  )
}
