import './search-box.css'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SearchHit } from '../../../server/domain/search'
import { queries } from '../../api/queries'

type SearchBoxProps = {
  /** a hit chosen (Enter or a click): the workspace zooms to it and opens its panel */
  onPick: (hit: SearchHit) => void
  /** on a phone: a button in the header that opens the box over the top of the map */
  compact?: boolean
}

/** How long the box waits after a key before it asks the server. */
const TYPING_PAUSE_MS = 150

/**
 * The search box of the header (a combobox): typed text finds parcels by code or name, projects by name or company,
 * and firms; ↑ ↓ move through the hits, Enter takes the highlighted one (the first when none is), Escape closes.
 */
export function SearchBox({ onPick, compact = false }: SearchBoxProps) {
  const { t } = useTranslation()
  const listId = useId()
  const input = useRef<HTMLInputElement>(null)
  const [text, setText] = useState('')
  const [q, setQ] = useState('')
  const [listOpen, setListOpen] = useState(false)
  const [active, setActive] = useState(-1)
  // on a phone the box is folded behind a button until tapped
  const [expanded, setExpanded] = useState(false)

  useEffect(() => {
    const timer = window.setTimeout(() => setQ(text.trim()), TYPING_PAUSE_MS)
    return () => window.clearTimeout(timer)
  }, [text])
  useEffect(() => {
    if (expanded) input.current?.focus()
  }, [expanded])

  const results = useQuery({ ...queries.search(q), enabled: q.length > 0, placeholderData: keepPreviousData })
  const hits = q.length > 0 ? (results.data?.hits ?? []) : []
  const showList = listOpen && text.trim().length > 0

  const pick = (hit: SearchHit) => {
    onPick(hit)
    setText(hit.label)
    setListOpen(false)
    setActive(-1)
    if (compact) setExpanded(false)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setListOpen(true)
      setActive((current) => Math.min(current + 1, hits.length - 1))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setActive((current) => Math.max(current - 1, 0))
    } else if (event.key === 'Enter') {
      const hit = hits[active] ?? hits[0]
      if (hit && q === text.trim()) {
        event.preventDefault()
        pick(hit)
      }
    } else if (event.key === 'Escape') {
      if (showList) setListOpen(false)
      else if (compact) setExpanded(false)
    }
  }

  if (compact && !expanded) {
    return (
      <button type="button" className="button-quiet search-open" onClick={() => setExpanded(true)}>
        <span aria-hidden="true">⌕</span> {t('mapTools.search.open')}
      </button>
    )
  }

  const activeHit = showList ? hits[active] : undefined
  return (
    <search className={compact ? 'search-box search-box-floating' : 'search-box'}>
      <input
        ref={input}
        type="search"
        className="search-input"
        role="combobox"
        aria-label={t('mapTools.search.label')}
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeHit ? `${listId}-${active}` : undefined}
        placeholder={t('mapTools.search.placeholder')}
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(event) => {
          setText(event.target.value)
          setListOpen(true)
          setActive(-1)
        }}
        onFocus={() => setListOpen(true)}
        onBlur={() => setListOpen(false)}
        onKeyDown={onKeyDown}
      />
      {compact && (
        <button
          type="button"
          className="button-quiet search-close"
          aria-label={t('mapTools.search.close')}
          onClick={() => setExpanded(false)}
        >
          ×
        </button>
      )}
      <div
        id={listId}
        className="search-results"
        role="listbox"
        aria-label={t('mapTools.search.results')}
        hidden={!showList}
      >
        {showList && results.isError && (
          <p className="search-note">{t('mapTools.search.failed', { message: results.error.message })}</p>
        )}
        {showList && !results.isError && hits.length === 0 && (
          <p className="search-note">
            {results.isFetching || q !== text.trim()
              ? t('mapTools.search.searching')
              : t('mapTools.search.none', { q: text.trim() })}
          </p>
        )}
        {showList &&
          hits.map((hit, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard picks a hit in the combobox (arrows, Enter)
            <div
              key={`${hit.kind}:${hit.id}`}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              tabIndex={-1}
              className="search-hit"
              data-kind={hit.kind}
              // a press on a hit must not blur the input first (the list would close before the click)
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(hit)}
            >
              <span className="search-kind">{t(`mapTools.search.kind.${hit.kind}`)}</span>
              <span className="search-label">{hit.label}</span>
              <span className="search-detail">
                {hit.bbox ? (hit.detail ?? '') : t('mapTools.search.noPlace')}
              </span>
            </div>
          ))}
      </div>
    </search>
  )
}
