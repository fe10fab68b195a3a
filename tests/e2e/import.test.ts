import { describe, expect, it } from 'vitest'
import { testPool } from '../support/app'
import { ARTIFACTS, logInThroughPage, openRecordedPage, servedBrowserSession } from '../support/browser'
import { squarePolygon } from '../support/factories'
import { parcelApi } from '../support/parcel-api'

// The import dialog as a land officer: the file's own fields offered for mapping after a check, then the import
// and 显示导入的地块, which zooms the map to what was written, highlights it and marks the parcel that overlaps.

const session = servedBrowserSession()

type MapWindow = { __guatuMap: import('maplibre-gl').Map }

const PREFIX = 'T-E2E-IMP-'

/** Two parcels with fields named as a surveyor's file names them (BH, MC, YT): one of them overlaps `existing`. */
function parcelFile(existing: { lon: number; lat: number }) {
  const feature = (code: string, name: string, lon: number, lat: number) => ({
    type: 'Feature',
    properties: { BH: code, MC: name, YT: 'M1', BZ: '备注' },
    geometry: squarePolygon(lon, lat, 0.001),
  })
  return JSON.stringify({
    type: 'FeatureCollection',
    features: [
      feature(`${PREFIX}A`, '导入甲', existing.lon + 0.003, existing.lat),
      // half over the existing parcel
      feature(`${PREFIX}B`, '导入乙', existing.lon + 0.0005, existing.lat + 0.0005),
    ],
  })
}

describe('importing parcels, as land officer at 1280×720', () => {
  it('offers the file’s own fields, imports, and 显示导入的地块 zooms to them with the overlap marked', async () => {
    const api = parcelApi(session.app, PREFIX)
    const at = { lon: 110.91, lat: 20.91 }
    const existing = await api.create(at.lon, at.lat)
    const { page, errors } = await openRecordedPage(session.browser, {
      viewport: { width: 1280, height: 720 },
    })
    try {
      await logInThroughPage(page, session.origin, 'officer')
      await page.getByRole('button', { name: '导入地块' }).click()
      const dialog = page.getByRole('dialog', { name: '导入地块' })
      await dialog.getByLabel('文件').setInputFiles({
        name: 'survey.geojson',
        mimeType: 'application/geo+json',
        buffer: Buffer.from(parcelFile(at)),
      })
      const codeField = dialog.getByLabel('编号字段')
      // before a check only the usual names are read
      expect(await codeField.locator('option').allTextContents()).toEqual(['自动识别（code / DKBH）'])

      // the check reads the file: without a code field every row is refused, and its fields are offered
      await dialog.getByRole('button', { name: '检查' }).click()
      await expect.poll(() => dialog.textContent(), { timeout: 20_000 }).toContain('文件中有 4 个字段')
      for (const label of ['编号字段', '名称字段', '用途字段']) {
        expect(await dialog.getByLabel(label).locator('option').allTextContents()).toEqual(
          expect.arrayContaining(['BH', 'MC', 'YT', 'BZ']),
        )
      }
      await dialog.locator('table').first().waitFor()
      await dialog.screenshot({ path: `${ARTIFACTS}import-fields.png` })

      // map the file's fields, check again: two new parcels, one overlapping
      await codeField.selectOption('BH')
      await dialog.getByLabel('名称字段').selectOption('MC')
      await dialog.getByLabel('用途字段').selectOption('YT')
      await dialog.getByRole('button', { name: '检查' }).click()
      await expect
        .poll(() => dialog.textContent(), { timeout: 20_000 })
        .toContain('检查通过：将新建 2 块、更新 0 块，0 块有问题。')
      expect(await dialog.textContent()).toContain('1 块与未被替换的地块或文件中靠前的地块重叠')
      await dialog.getByRole('button', { name: '导入', exact: true }).click()
      const show = dialog.getByRole('button', { name: '在地图上查看导入的 2 宗地块' })
      await show.waitFor({ timeout: 20_000 })

      const { rows } = await testPool().query<{ id: string; code: string; name: string; land_use: string }>(
        `select id, code, name, land_use from parcels where code in ($1, $2) order by code`,
        [`${PREFIX}A`, `${PREFIX}B`],
      )
      expect(rows.map((r) => [r.code, r.name, r.land_use])).toEqual([
        [`${PREFIX}A`, '导入甲', 'M1'],
        [`${PREFIX}B`, '导入乙', 'M1'],
      ])
      const [idA, idB] = rows.map((r) => Number(r.id))

      // the map starts elsewhere: showing the import moves it there
      const seen = () =>
        page.evaluate(
          ([a, b]) => {
            const map = (window as unknown as MapWindow).__guatuMap
            const drawn = (layer: string) =>
              [...new Set(map.queryRenderedFeatures({ layers: [layer] }).map((f) => Number(f.properties.id)))]
                .filter((id) => id === a || id === b)
                .sort((x, y) => x - y)
            return { fill: drawn('imported-fill'), overlap: drawn('imported-overlap'), zoom: map.getZoom() }
          },
          [idA, idB] as const,
        )
      expect((await seen()).fill).toEqual([])
      await show.click()
      expect(await dialog.isVisible()).toBe(false)
      await expect.poll(async () => (await seen()).fill, { timeout: 20_000 }).toEqual([idA, idB].sort())
      const shown = await seen()
      expect(shown.overlap).toEqual([idB])
      expect(shown.zoom).toBeGreaterThan(14)
      // both imported parcels inside the visible map
      const inView = await page.evaluate(
        ([lon, lat]) => (window as unknown as MapWindow).__guatuMap.getBounds().contains([lon, lat]),
        [at.lon + 0.0035, at.lat + 0.0005] as const,
      )
      expect(inView).toBe(true)
      // the note and the parcels stay clear of the edit toolbar and of the layer and legend cards
      const card = page.locator('.imported-card')
      const [cardBox, toolbarBox, cardsBox] = [
        await card.boundingBox(),
        await page.getByRole('region', { name: '地块编辑' }).boundingBox(),
        await page.locator('.map-overlay-left').boundingBox(),
      ]
      expect(cardBox && toolbarBox && cardsBox).toBeTruthy()
      if (cardBox && toolbarBox && cardsBox) {
        expect(cardBox.y).toBeGreaterThanOrEqual(toolbarBox.y + toolbarBox.height)
        const west = await page.evaluate(
          ([lon, lat]) => {
            const map = (window as unknown as MapWindow).__guatuMap
            return map.project([lon, lat]).x + map.getCanvas().getBoundingClientRect().left
          },
          [at.lon + 0.0005, at.lat + 0.001] as const,
        )
        expect(west).toBeGreaterThan(cardsBox.x + cardsBox.width)
      }
      expect(await card.textContent()).toContain('已导入 2 宗（青色）')
      expect(await card.textContent()).toContain('其中 1 宗与其他地块重叠（红色虚线）')
      await page.screenshot({ path: `${ARTIFACTS}import-shown.png` })

      await card.getByRole('button', { name: '清除标记' }).click()
      await expect.poll(async () => (await seen()).fill, { timeout: 10_000 }).toEqual([])
      expect(existing.properties.code.startsWith(PREFIX)).toBe(true)
      expect(errors).toEqual([])
    } finally {
      await page.close()
      await testPool().query(`delete from parcels where code like $1`, [`${PREFIX}%`])
    }
  })

  it('lists 300 rows refused for one reason as one line: the reason in Chinese, the count, the first rows', async () => {
    // 300 new parcels in a row, none with a land use: each is refused for the same reason
    const features = Array.from({ length: 300 }, (_, i) => ({
      type: 'Feature',
      properties: { code: `${PREFIX}N${String(i + 1).padStart(3, '0')}` },
      geometry: squarePolygon(111.2 + i * 0.002, 21.2, 0.001),
    }))
    const { page, errors } = await openRecordedPage(session.browser, {
      viewport: { width: 1280, height: 720 },
    })
    try {
      await logInThroughPage(page, session.origin, 'officer')
      await page.getByRole('button', { name: '导入地块' }).click()
      const dialog = page.getByRole('dialog', { name: '导入地块' })
      await dialog.getByLabel('文件').setInputFiles({
        name: 'no-land-use.geojson',
        mimeType: 'application/geo+json',
        buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features })),
      })
      await dialog.getByRole('button', { name: '检查' }).click()
      const table = dialog.locator('.import-rejections table')
      await table.waitFor({ timeout: 20_000 })
      const lines = await table.locator('tbody tr').all()
      expect(lines).toHaveLength(1)
      const cells = await (lines[0] as (typeof lines)[number]).locator('td').allTextContents()
      const first = [1, 2, 3, 4, 5].map((n) => `第 ${n} 行 ${PREFIX}N${String(n).padStart(3, '0')}`)
      expect(cells).toEqual([
        '新地块没有用地性质：请映射用地性质字段或选择默认用地性质',
        '300',
        `${first.join('、')} 等 295 块`,
      ])
      await table.screenshot({ path: `${ARTIFACTS}import-rejections-grouped.png` })
      expect(
        await testPool().query(`select 1 from parcels where code like $1`, [`${PREFIX}N%`]),
      ).toMatchObject({
        rowCount: 0,
      })
      expect(errors).toEqual([])
    } finally {
      await page.close()
    }
  })
})
