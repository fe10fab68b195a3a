import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { PARCEL_STATUS_COLOURS } from '../../../server/domain/colours'
import type { ParcelReadiness } from '../../api/types'
import { AVAILABLE_AS_OF_COLOUR, PARCEL_COLOUR_MODES } from '../../map/layers/parcels'
import { countReadyToOffer } from './ready-to-offer'
import { monthsFrom, type ParcelViewState, shiftMonths } from './use-parcel-view'

type ParcelViewControlsProps = {
  state: ParcelViewState
  today: string
  /** the forecasts of the parcels around the map's view */
  readiness: readonly ParcelReadiness[] | undefined
}

/** Months either side of today that the as-of slider covers. */
const SPAN_MONTHS = 24
const PLAY_STEP_MS = 700

/**
 * Colour by status or readiness, the "as of" time slider with playback (parcels ready to offer by that date and
 * not yet handed over light up, and are counted), and the "available by" filter on the same date. Each change is a paint property or filter on the parcel layers.
 */
export function ParcelViewControls({ state, today, readiness }: ParcelViewControlsProps) {
  const { t } = useTranslation()
  const id = useId()
  const { view, setColourMode, setAsOf, setAvailableBy } = state
  // a date restored from a shared link puts the slider where that date is
  const [offset, setOffset] = useState(() =>
    view.asOf ? Math.max(-SPAN_MONTHS, Math.min(SPAN_MONTHS, monthsFrom(today, view.asOf))) : 0,
  )
  const [playing, setPlaying] = useState(false)
  const timeOn = view.asOf !== null

  useEffect(() => {
    if (timeOn) setAsOf(shiftMonths(today, offset))
  }, [timeOn, offset, today, setAsOf])

  useEffect(() => {
    if (!playing) return
    const timer = window.setInterval(() => {
      setOffset((current) => {
        if (current >= SPAN_MONTHS) {
          setPlaying(false)
          return current
        }
        return current + 1
      })
    }, PLAY_STEP_MS)
    return () => window.clearInterval(timer)
  }, [playing])

  const togglePlay = () => {
    if (!timeOn) setAsOf(shiftMonths(today, offset))
    if (!playing && offset >= SPAN_MONTHS) setOffset(-SPAN_MONTHS)
    setPlaying(!playing)
  }

  const asOf = view.asOf
  const availableCount = asOf && readiness ? countReadyToOffer(readiness, asOf) : null
  const shownDate = shiftMonths(today, offset)

  return (
    <section className="map-card parcel-view-controls" aria-label={t('parcelView.title')}>
      <fieldset className="segmented">
        <legend className="map-card-title">{t('parcelView.title')}</legend>
        {PARCEL_COLOUR_MODES.map((mode) => (
          <label key={mode} htmlFor={`${id}-${mode}`}>
            <input
              id={`${id}-${mode}`}
              type="radio"
              name={`${id}-mode`}
              checked={view.colourMode === mode}
              onChange={() => setColourMode(mode)}
            />
            <span>
              {mode === 'grade' || mode === 'commitment'
                ? t(`efficiency.mode.${mode}`)
                : t(`parcelView.mode.${mode}`)}
            </span>
          </label>
        ))}
      </fieldset>
      <div className="as-of">
        <label className="toggle" htmlFor={`${id}-time`}>
          <input
            id={`${id}-time`}
            type="checkbox"
            checked={timeOn}
            onChange={(event) => {
              setPlaying(false)
              setAsOf(event.target.checked ? shiftMonths(today, offset) : null)
            }}
          />
          <span>{t('parcelView.asOfToggle')}</span>
        </label>
        <div className="as-of-row">
          <button
            type="button"
            className="button-small"
            onClick={togglePlay}
            aria-pressed={playing}
            aria-label={playing ? t('parcelView.pause') : t('parcelView.play')}
          >
            <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>
          </button>
          <input
            type="range"
            min={-SPAN_MONTHS}
            max={SPAN_MONTHS}
            step={1}
            value={offset}
            aria-label={t('parcelView.asOf')}
            aria-valuetext={shownDate}
            onChange={(event) => {
              if (!timeOn) setAsOf(shiftMonths(today, Number(event.target.value)))
              setOffset(Number(event.target.value))
            }}
          />
        </div>
        <p className="as-of-readout" role="status" aria-live="polite">
          {availableCount !== null && asOf ? (
            <span data-available-count={availableCount}>
              {t('parcelView.availableCount', { date: asOf, count: availableCount })}
            </span>
          ) : (
            <span className="mono">{shownDate}</span>
          )}
        </p>
        {timeOn && (
          <ul className="legend-inline">
            <li>
              <span className="swatch swatch-fill" style={{ background: AVAILABLE_AS_OF_COLOUR }} />
              {t('parcelView.availableLegend')}
            </li>
            <li>
              <span
                className="swatch swatch-fill"
                style={{ background: PARCEL_STATUS_COLOURS.planned, opacity: 0.5 }}
              />
              {t('parcelView.notYetLegend')}
            </li>
          </ul>
        )}
      </div>

      <div className="available-by">
        <label htmlFor={`${id}-by`}>{t('parcelView.availableBy')}</label>
        <div className="as-of-row">
          <input
            id={`${id}-by`}
            type="date"
            value={view.availableBy ?? ''}
            onChange={(event) => setAvailableBy(event.target.value || null)}
          />
          {view.availableBy && (
            <button type="button" className="button-small button-plain" onClick={() => setAvailableBy(null)}>
              {t('parcelView.clear')}
            </button>
          )}
        </div>
      </div>
    </section>
  )
}
