import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { apiErrorMessage } from '../milestones/api-error-message'
import { meetingQueries } from './meetings-api'

type MeetingListProps = { onOpen: (id: number) => void }

/** The meetings held and planned, latest first; each opens its agenda (past ones as of their day). */
export function MeetingList({ onOpen }: MeetingListProps) {
  const { t } = useTranslation()
  const meetings = useQuery(meetingQueries.meetings())
  return (
    <section className="meeting-list" aria-label={t('meetings.list')}>
      <h3>{t('meetings.list')}</h3>
      {meetings.isPending && <p className="panel-note">{t('panel.loading')}</p>}
      {meetings.isError && (
        <p className="panel-error" role="alert">
          {t('panel.failed', { message: apiErrorMessage(meetings.error) })}
        </p>
      )}
      {meetings.data?.length === 0 && <p className="panel-note">{t('meetings.none')}</p>}
      <ul>
        {meetings.data?.map((meeting) => (
          <li key={meeting.id}>
            <button type="button" className="meeting-list-item" onClick={() => onOpen(meeting.id)}>
              <span className="mono">{meeting.held_on}</span>
              <span className="meeting-list-title">{meeting.title}</span>
              <span className="secondary">
                {meeting.attendees.length
                  ? t('meetings.attendeesLine', { list: meeting.attendees.join('、') })
                  : t('meetings.noAttendees')}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
