import { useState } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * 分享 (issue 15): copies the link of the current view (the address holds the period, filter, layers, colour mode,
 * date and camera; see share-link.ts). Where the clipboard is not allowed (plain http away from localhost), the
 * link is shown selected, to copy by hand.
 */
export function ShareButton() {
  const { t } = useTranslation()
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle')
  const [link, setLink] = useState('')

  const share = () => {
    const href = window.location.href
    setLink(href)
    const clipboard = navigator.clipboard
    if (!clipboard) return setState('manual')
    clipboard.writeText(href).then(
      () => setState('copied'),
      () => setState('manual'),
    )
  }

  return (
    <span className="share-button">
      <button type="button" className="button-small" onClick={share}>
        {t('pipeline.share.button')}
      </button>
      {state === 'copied' && (
        <span className="secondary" role="status">
          {t('pipeline.share.copied')}
        </span>
      )}
      {state === 'manual' && (
        <label className="share-manual">
          {t('pipeline.share.manual')}
          <input readOnly value={link} onFocus={(e) => e.target.select()} ref={(el) => el?.select()} />
        </label>
      )}
    </span>
  )
}
