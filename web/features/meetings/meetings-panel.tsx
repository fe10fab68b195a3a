import './meetings.css'
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { PanelFrame } from '../shell/panel-frame'
import { MeetingAgenda } from './meeting-agenda'
import { MeetingForm } from './meeting-form'
import { MeetingList } from './meeting-list'

type MeetingsPanelProps = {
  /** leaders and admins create meetings and record decisions (server/http/permissions.ts); others read */
  canLead: boolean
  today: string
  onClose: () => void
  onSelectParcel?: (id: number) => void
}

/**
 * 例会 (issue 16): the meetings held, a new one, and a meeting's agenda with its decisions and minutes. Large type
 * makes it readable on the command centre's wall screen.
 */
export function MeetingsPanel({ canLead, today, onClose, onSelectParcel }: MeetingsPanelProps) {
  const { t } = useTranslation()
  const headingId = useId()
  const [openId, setOpenId] = useState<number | null>(null)
  const [creating, setCreating] = useState(false)
  const [large, setLarge] = useState(false)

  return (
    <PanelFrame headingId={headingId} heading={t('meetings.title')} onClose={onClose}>
      <div className={large ? 'meetings-panel meetings-large' : 'meetings-panel'}>
        <div className="meetings-toolbar">
          {openId !== null && (
            <button type="button" className="button-quiet" onClick={() => setOpenId(null)}>
              ← {t('meetings.back')}
            </button>
          )}
          {openId === null && !creating && canLead && (
            <button type="button" onClick={() => setCreating(true)}>
              {t('meetings.new')}
            </button>
          )}
          <label className="toggle meetings-large-toggle">
            <input type="checkbox" checked={large} onChange={(event) => setLarge(event.target.checked)} />
            <span>{t('meetings.largeType')}</span>
          </label>
        </div>
        {!canLead && <p className="panel-note">{t('meetings.readOnly')}</p>}
        {creating ? (
          <MeetingForm
            today={today}
            onCreated={(id) => {
              setCreating(false)
              setOpenId(id)
            }}
            onCancel={() => setCreating(false)}
          />
        ) : openId !== null ? (
          <MeetingAgenda
            meetingId={openId}
            canDecide={canLead}
            today={today}
            onSelectParcel={onSelectParcel}
          />
        ) : (
          <MeetingList onOpen={setOpenId} />
        )}
      </div>
    </PanelFrame>
  )
}
