import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../../web/api/client'
import { shownErrorText } from '../../../../web/features/milestones/shown-error'
import { english, zh } from '../../../support/dashboard-fixture'

// a refusal as the server sends it while the interface is in Chinese: its message in Chinese, its key and params
const codeExists = new ApiError(409, 'conflict', '地块编号 A-01 已存在', [], 'parcel.code_exists', {
  code: 'A-01',
})

describe('shownErrorText', () => {
  it("says the server's refusal, kept by its key, in the language it is drawn in", () => {
    const shown = { key: 'editing.rejected', failure: codeExists } as const
    expect(shownErrorText(shown, zh, 'zh-CN')).toBe('几何未通过校验：地块编号 A-01 已存在')
    expect(shownErrorText(shown, english, 'en')).toBe(
      'The geometry was refused: A parcel with code A-01 exists',
    )
  })

  it('says a refusal without a message around it alone', () => {
    expect(shownErrorText({ failure: codeExists }, english, 'en')).toBe('A parcel with code A-01 exists')
  })

  it("says an interface message with its parameters, and a refusal the web has no key for in the server's words", () => {
    const local = { key: 'leader.infra.dateAfterToday', params: { today: '2026-11-28' } } as const
    expect(shownErrorText(local, zh, 'zh-CN')).toBe('日期不能晚于今天（2026-11-28）')
    expect(shownErrorText(local, english, 'en')).toBe('The date cannot be after today (2026-11-28)')
    const unknown = new ApiError(500, 'internal', '服务器内部错误')
    expect(shownErrorText({ key: 'editing.failed', failure: unknown }, english, 'en')).toBe(
      'Failed: 服务器内部错误',
    )
  })
})
