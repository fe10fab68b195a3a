import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/client'
import type { ProjectMatch } from '../../api/types'
import { MatchReasons } from './match-reasons'

/** "Which projects fit" (适配项目) for one parcel: ranked projects with their reasons. */
export function ParcelProjectMatches({ parcelId }: { parcelId: number }) {
  const { t, i18n } = useTranslation()
  const zh = i18n.language.startsWith('zh')
  const [state, setState] = useState<
    | { status: 'idle' | 'loading' }
    | { status: 'done'; matches: ProjectMatch[] }
    | { status: 'error'; message: string }
  >({ status: 'idle' })
  const [open, setOpen] = useState<number | null>(null)

  const load = () => {
    setState({ status: 'loading' })
    api.parcelMatches(parcelId).then(
      (matches) => setState({ status: 'done', matches }),
      (error: Error) => setState({ status: 'error', message: error.message }),
    )
  }

  return (
    <section className="panel-section">
      <h3>{t('invest.fitProjects')}</h3>
      {state.status === 'idle' && (
        <button type="button" className="button-quiet" onClick={load}>
          {t('invest.findProjects')}
        </button>
      )}
      {state.status === 'loading' && <p className="panel-note">{t('panel.loading')}</p>}
      {state.status === 'error' && (
        <p className="panel-error" role="alert">
          {t('invest.failed', { message: state.message })}
        </p>
      )}
      {state.status === 'done' &&
        (state.matches.length === 0 ? (
          <p className="panel-note">{t('invest.noProjects')}</p>
        ) : (
          <ol className="match-list">
            {state.matches.map((match) => (
              <li key={match.project_id} className={match.eligible ? 'match' : 'match match-once'}>
                <button
                  type="button"
                  className="match-head"
                  aria-expanded={open === match.project_id}
                  onClick={() => setOpen(open === match.project_id ? null : match.project_id)}
                >
                  <span className="match-score mono">{t('invest.score', { score: match.score })}</span>
                  <span>{match.name}</span>
                  <span className="secondary">{t(`projectStage.${match.stage}`)}</span>
                </button>
                {!match.eligible && (
                  <p className="match-once-note">
                    {t('invest.eligibleOnce')}: {zh ? match.eligible_once_zh : match.eligible_once}
                  </p>
                )}
                {open === match.project_id && <MatchReasons reasons={match.reasons} />}
              </li>
            ))}
          </ol>
        ))}
    </section>
  )
}
