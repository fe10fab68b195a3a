import { describe, expect, it } from 'vitest'
import type { Project } from '../../../../web/api/types'
import {
  boardMatches,
  NO_BOARD_FILTER,
  sortProjects,
  totals,
} from '../../../../web/features/projects/board-filter'

const project = (id: number, patch: Partial<Project>): Project =>
  ({
    id,
    name: `项目${id}`,
    company: `企业${id}`,
    sector: 'automotive',
    kind: 'new',
    stage: 'lead',
    investment_wan: 0,
    manager: null,
    ...patch,
  }) as Project

const a = project(1, { name: '乙 Motor 项目', company: '甲科技', investment_wan: 52_000, manager: '王' })
const b = project(2, {
  name: '甲项目',
  company: 'Acme 光电',
  sector: 'optoelectronics',
  investment_wan: 52_000,
})
const c = project(3, { name: '壬项目', kind: 'expansion', investment_wan: 3, manager: '王' })

describe('boardMatches', () => {
  it('finds part of the name or the company, in any case', () => {
    const q = (text: string) => [a, b, c].filter((p) => boardMatches(p, { ...NO_BOARD_FILTER, q: text }))
    expect(q('motor')).toEqual([a])
    expect(q(' ACME ')).toEqual([b])
    expect(q('甲')).toEqual([a, b])
    expect(q('')).toEqual([a, b, c])
  })

  it('keeps only the sector, kind and manager chosen, all together', () => {
    const f = (patch: Partial<typeof NO_BOARD_FILTER>) =>
      [a, b, c].filter((p) => boardMatches(p, { ...NO_BOARD_FILTER, ...patch })).map((p) => p.id)
    expect(f({ sector: 'optoelectronics' })).toEqual([2])
    expect(f({ kind: 'expansion' })).toEqual([3])
    expect(f({ manager: '王' })).toEqual([1, 3])
    expect(f({ manager: '王', sector: 'automotive', kind: 'new' })).toEqual([1])
  })
})

describe('sortProjects', () => {
  it('orders by investment (ties by name), by name, or newest first, leaving the input as it was', () => {
    const input = [c, a, b]
    // by pinyin in the zh-CN collation: 甲 jiǎ, 壬 rén, 乙 yǐ
    expect(sortProjects(input, 'amount').map((p) => p.id)).toEqual([2, 1, 3])
    expect(sortProjects(input, 'name').map((p) => p.id)).toEqual([2, 3, 1])
    expect(sortProjects(input, 'recent').map((p) => p.id)).toEqual([3, 2, 1])
    expect(input.map((p) => p.id)).toEqual([3, 1, 2])
  })
})

describe('totals', () => {
  it('counts the projects and adds their 万元 exactly', () => {
    expect(totals([a, b, c])).toEqual({ count: 3, wan: 104_003 })
    expect(totals([])).toEqual({ count: 0, wan: 0 })
  })
})
