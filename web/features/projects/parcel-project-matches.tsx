import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { queries } from '../../api/queries'
import { MatchReasons } from './match-reasons'

/**
 * "Which projects fit" (适配项目) for one parcel: ranked projects with their reasons, asked for on demand and then
 * kept fresh by the live stream.
 */
export function ParcelProjectMatches({ parcelId }: { parcelId: number }) {
  const { t, i18n } = useTranslation()
  const zh = i18n.language.startsWith('zh')
  const [requested, setRequested] = useState(false)
  const query = useQuery({ ...queries.parcelMatches(parcelId), enabled: requested })
  const matches = requested ? query.data : undefined
  const [open, setOpen] = useState<number | null>(null)

  return (
    <section className="panel-section">
      <h3>{t('invest.fitProjects')}</h3>
      {!requested && (
        <button type="button" className="button-quiet" onClick={() => setRequested(true)}>
          {t('invest.findProjects')}
        </button>
      )}
      {requested && query.isPending && <p className="panel-note">{t('panel.loading')}</p>}
      {requested && query.isError && !matches && (
        <p className="panel-error" role="alert">
          {t('invest.failed', { message: query.error.message })}
        </p>
      )}
      {matches &&
        (matches.length === 0 ? (
          <p className="panel-note">{t('invest.noProjects')}</p>
        ) : (
          <ol className="match-list">
            {matches.map((match) => (
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
