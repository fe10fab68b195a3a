import { describe, expect, it } from 'vitest'
import { DEFAULT_LAND_SETTINGS } from '../../../../server/domain/settings'
import type { ZoneSettings } from '../../../../web/api/types'
import {
  changesOf,
  checkChange,
  describeSettingChange,
  draftOf,
} from '../../../../web/features/admin/zone-settings-form'
import { english, zh } from '../../../support/i18n'

const base = { ...DEFAULT_LAND_SETTINGS, documents_required: ['handover'], version: 3 } as ZoneSettings

describe('changesOf, for the 督办预警阈值 and 节点办结须附文件', () => {
  it('sends the four thresholds when one changes, and nothing when none does', () => {
    const draft = draftOf(base)
    expect(draft.escalation).toEqual({
      yellow_days: '30',
      red_days: '90',
      yellow_lag_pct: '10',
      red_lag_pct: '30',
    })
    expect(changesOf(draft, base)).toEqual({})
    const edited = { ...draft, escalation: { ...draft.escalation, yellow_days: '20' } }
    expect(changesOf(edited, base)).toEqual({
      escalation: { yellow_days: 20, red_days: 90, yellow_lag_pct: 10, red_lag_pct: 30 },
    })
  })

  it('sends the ticked milestone kinds in the order of the process', () => {
    const draft = draftOf(base)
    expect(draft.documents_required.handover).toBe(true)
    expect(draft.documents_required.transfer).toBe(false)
    const edited = { ...draft, documents_required: { ...draft.documents_required, transfer: true } }
    expect(changesOf(edited, base)).toEqual({ documents_required: ['transfer', 'handover'] })
    const none = { ...draft, documents_required: { ...draft.documents_required, handover: false } }
    expect(changesOf(none, base)).toEqual({ documents_required: [] })
  })

  it('does not count a stored list in another order as a change', () => {
    const stored = { ...base, documents_required: ['handover', 'acquisition'] } as ZoneSettings
    expect(changesOf(draftOf(stored), stored)).toEqual({})
  })
})

describe('checkChange, for the 督办预警阈值', () => {
  it('refuses yellow above red in Chinese, at the group', () => {
    const change = { escalation: { yellow_days: 100, red_days: 90, yellow_lag_pct: 10, red_lag_pct: 30 } }
    expect(checkChange(zh, change)).toEqual([
      {
        path: 'escalation',
        text: '黄牌阈值不能高于红牌阈值：黄牌逾期天数不能大于红牌逾期天数，黄牌滞后幅度不能大于红牌滞后幅度',
      },
    ])
    const lag = { escalation: { yellow_days: 30, red_days: 90, yellow_lag_pct: 40, red_lag_pct: 30 } }
    expect(checkChange(zh, lag).map((e) => e.path)).toEqual(['escalation'])
  })

  it('refuses a day count below 1 at its field, and accepts yellow equal to red', () => {
    const change = { escalation: { yellow_days: 0, red_days: 90, yellow_lag_pct: 10, red_lag_pct: 30 } }
    expect(checkChange(zh, change)).toEqual([{ path: 'escalation.yellow_days', text: '不能小于 1' }])
    const equal = { escalation: { yellow_days: 60, red_days: 60, yellow_lag_pct: 20, red_lag_pct: 20 } }
    expect(checkChange(zh, equal)).toEqual([])
  })
})

describe('describeSettingChange, for the 督办预警阈值 and 节点办结须附文件', () => {
  const escalation = {
    from: { yellow_days: 30, red_days: 90, yellow_lag_pct: 10, red_lag_pct: 30 },
    to: { red_days: 60, yellow_days: 20, red_lag_pct: 25.5, yellow_lag_pct: 10 },
  }

  it('says the thresholds that changed with their units', () => {
    expect(describeSettingChange(zh, 'zh-CN', 'escalation', escalation)).toBe(
      '督办预警阈值：黄牌逾期天数 30 → 20 天，红牌逾期天数 90 → 60 天，红牌滞后幅度 30 → 25.5 个百分点',
    )
    expect(describeSettingChange(english, 'en', 'escalation', escalation)).toBe(
      'Escalation thresholds：Yellow card: days late 30 → 20 days, Red card: days late 90 → 60 days, Red card: points behind 30 → 25.5 points',
    )
  })

  it('names the milestones that need a document, before and after, in the order of the process', () => {
    expect(
      describeSettingChange(zh, 'zh-CN', 'documents_required', { from: [], to: ['handover', 'transfer'] }),
    ).toBe('节点办结须附文件：不要求 → 成交、交地')
    expect(describeSettingChange(zh, 'zh-CN', 'documents_required', { from: ['handover'], to: [] })).toBe(
      '节点办结须附文件：交地 → 不要求',
    )
  })
})
