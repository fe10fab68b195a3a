import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { meetingQueries } from './meetings-api'

/**
 * The departments, and a department's name in the interface's language (the Chinese name where it has no English
 * one, or where it is not a department: the agenda's 「未指定」 reads "No department" in English).
 */
export function useDepartments() {
  const { t, i18n } = useTranslation()
  const query = useQuery(meetingQueries.departments())
  const english = i18n.resolvedLanguage === 'en'
  const nameOf = (name: string | null): string => {
    if (name === null || name === '未指定') return t('meetings.late.noDepartment')
    if (!english) return name
    return query.data?.find((d) => d.name === name)?.name_en ?? name
  }
  return { departments: query.data, nameOf }
}
