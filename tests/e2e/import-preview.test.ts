import { describe, expect, it } from 'vitest'
import { encodeGbk } from '../../server/domain/export/gbk'
import { testPool } from '../support/app'
import { logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'

const session = servedBrowserSession()

const HEADER =
  '[属性描述]\r\n坐标系=2000国家大地坐标系\r\n几度分带=3\r\n投影类型=高斯克吕格\r\n带号=38\r\n[地块坐标]\r\n'
const RING = (n: number) =>
  `J1,1,${n},38443400.000\r\nJ2,1,${n},38443600.000\r\nJ3,1,${n - 150},38443600.000\r\nJ1,1,${n},38443400.000\r\n`

/** A GBK TXT of two parcels, the second one's name pasted in UTF-8 (as from a spreadsheet). */
function mixedTxt(): Buffer {
  const parts = [
    encodeGbk(`${HEADER}4,1.5000,E2E-ENC-1,新材料产业园地块,面,,工业用地,0601,@\r\n${RING(2494800)}`),
    encodeGbk('4,1.5000,E2E-ENC-2,'),
    new TextEncoder().encode('光电孵化基地地块'),
    encodeGbk(`,面,,工业用地,0601,@\r\n${RING(2495800)}`),
  ]
  return Buffer.concat(parts.map((p) => Buffer.from(p)))
}

async function parcelCount(): Promise<number> {
  const { rows } = await testPool().query<{ n: number }>(
    `select count(*)::int as n from parcels where code like 'E2E-ENC-%'`,
  )
  return rows[0]?.n ?? 0
}

describe('the import dialog previews a file as an officer receives it', () => {
  for (const [label, viewport] of [
    ['at 1280×720', { width: 1280, height: 720 }],
    ['on a phone (390×844)', { width: 390, height: 844 }],
  ] as const) {
    it(`shows the names decoded and the mixed-encoding warning before anything is written, ${label}`, async () => {
      const { page, errors } = await openRecordedPage(session.browser, { viewport })
      await logInThroughPage(page, session.origin, 'officer')
      // on a phone the header's buttons are behind its menu
      const menu = page.locator('.app-header').getByRole('button', { name: '菜单' })
      if (viewport.width < 600) await menu.click()
      await page.getByRole('button', { name: '导入地块' }).first().click()
      const dialog = page.getByRole('dialog', { name: '导入地块' })
      await dialog.locator('input[type="file"]').setInputFiles({
        name: 'mixed.txt',
        mimeType: 'text/plain',
        buffer: mixedTxt(),
      })
      await dialog.getByRole('button', { name: '检查' }).click()
      const preview = dialog.getByRole('table', { name: '文件中的地块（2 块）' })
      await preview.waitFor({ timeout: 60_000 })
      expect(await preview.getByRole('cell').allTextContents()).toEqual(
        expect.arrayContaining(['E2E-ENC-1', '新材料产业园地块', 'E2E-ENC-2', '光电孵化基地地块', '新建']),
      )
      const note = dialog.getByRole('note')
      expect(await note.textContent()).toContain('提示（1 条）')
      expect(await note.textContent()).toContain('第 12 行有字段为 UTF-8')
      // the preview stays inside the screen (the dialog may scroll, the page does not)
      const box = await preview.boundingBox()
      expect(box && box.x >= 0 && box.x + box.width <= viewport.width).toBe(true)
      expect(await parcelCount()).toBe(0)
      expect(errors).toEqual([])
      await page.close()
    })
  }
})
