import { useQuery } from '@tanstack/react-query'
import { queries } from '../../api/queries'
import { findLate, type LateRef } from './late-lookup'

/** Every graded late item (GET /api/late), kept fresh by the live stream. */
export function useLateItems() {
  return useQuery(queries.late())
}

/** The graded late item a row stands for, or undefined while loading or when it is not late. */
export function useLateItem(ref: LateRef) {
  return findLate(useLateItems().data, ref)
}
