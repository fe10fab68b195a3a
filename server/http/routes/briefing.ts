import { existsSync } from 'node:fs'
import { Hono } from 'hono'
import PDFDocument from 'pdfkit'
import { BriefingRequest } from '../../domain/briefing'
import { fail } from '../../errors'
import type { AuthEnv } from '../middleware/authenticate'
import { limitBody } from '../middleware/security'
import { validate } from '../validation'

/** Debian's fonts-noto-cjk: one collection with the Simplified Chinese face inside. */
export const CJK_FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'
export const CJK_FONT_FACE = 'NotoSansCJKsc-Regular'

// A3 landscape in PDF points (1 pt = 1/72 in)
const PAGE = { width: 1190.55, height: 841.89 }
const MARGIN = 36
const SIDE_WIDTH = 300
const INK = '#1b2533'
const SOFT = '#5a6577'
const LINE = '#d5dae3'

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** Collects a pdfkit document into one Buffer. */
function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
}

/** Lays out the briefing on one A3 landscape page: title, map on the left, KPI cards and legend on the right. */
function renderBriefing(body: BriefingRequest, image: Buffer): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A3',
    layout: 'landscape',
    // no bottom margin: the footer sits below the content and must not spill onto a second page
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: 0 },
    info: { Title: body.title, Subject: body.subtitle ?? body.title, Creator: 'Guatu 挂图' },
  })
  const done = toBuffer(doc)
  doc.registerFont('cjk', CJK_FONT_FILE, CJK_FONT_FACE)
  doc.font('cjk')

  const contentWidth = PAGE.width - 2 * MARGIN
  doc
    .fillColor(INK)
    .fontSize(24)
    .text(body.title, MARGIN, MARGIN, { width: contentWidth - 160, lineBreak: false })
  doc
    .fillColor(SOFT)
    .fontSize(12)
    .text(body.date, MARGIN, MARGIN + 6, { width: contentWidth, align: 'right' })
  let top = MARGIN + 34
  if (body.subtitle) {
    doc
      .fillColor(SOFT)
      .fontSize(12)
      .text(body.subtitle, MARGIN, top, { width: contentWidth, lineBreak: false })
    top += 20
  }
  doc
    .moveTo(MARGIN, top)
    .lineTo(PAGE.width - MARGIN, top)
    .lineWidth(0.8)
    .strokeColor(LINE)
    .stroke()
  top += 12

  const bottom = PAGE.height - MARGIN - 14
  const mapWidth = contentWidth - SIDE_WIDTH - 18
  const mapHeight = bottom - top
  doc.image(image, MARGIN, top, { fit: [mapWidth, mapHeight], align: 'center', valign: 'center' })
  doc.rect(MARGIN, top, mapWidth, mapHeight).lineWidth(0.8).strokeColor(LINE).stroke()

  // KPI cards, two per row
  const sideLeft = MARGIN + mapWidth + 18
  const cardGap = 8
  const cardWidth = (SIDE_WIDTH - cardGap) / 2
  const cardHeight = 52
  let y = top
  body.kpis.forEach((kpi, index) => {
    const x = sideLeft + (index % 2) * (cardWidth + cardGap)
    if (index > 0 && index % 2 === 0) y += cardHeight + cardGap
    doc.roundedRect(x, y, cardWidth, cardHeight, 4).lineWidth(0.8).strokeColor(LINE).stroke()
    doc
      .fillColor(SOFT)
      .fontSize(9)
      .text(kpi.label, x + 8, y + 7, { width: cardWidth - 16, lineBreak: false, ellipsis: true })
    doc
      .fillColor(INK)
      .fontSize(17)
      .text(kpi.value, x + 8, y + 22, { width: cardWidth - 16, lineBreak: false, ellipsis: true })
  })
  if (body.kpis.length > 0) y += cardHeight + 18

  for (const item of body.legend) {
    if (y > bottom - 14) break
    doc
      .rect(sideLeft, y + 1, 14, 10)
      .fillColor(item.colour)
      .fill()
    doc
      .fillColor(INK)
      .fontSize(10)
      .text(item.label, sideLeft + 22, y, { width: SIDE_WIDTH - 22, lineBreak: false, ellipsis: true })
    y += 16
  }

  doc
    .fillColor(SOFT)
    .fontSize(8)
    .text('挂图 Guatu', MARGIN, PAGE.height - MARGIN - 8, { width: contentWidth, lineBreak: false })
  doc.end()
  return done
}

/** POST /api/briefing.pdf: the current view as an A3 landscape PDF with the CJK font embedded (subset). */
export function briefingRoutes() {
  return new Hono<AuthEnv>().post(
    '/',
    limitBody(15 * 1024 * 1024),
    validate('json', BriefingRequest),
    async (c) => {
      const body = c.req.valid('json')
      if (!existsSync(CJK_FONT_FILE)) {
        throw fail(503, 'font_unavailable', 'briefing.font_missing', { file: CJK_FONT_FILE })
      }
      const image = Buffer.from(body.map_png, 'base64')
      if (image.length < 64 || !image.subarray(0, 8).equals(PNG_SIGNATURE)) {
        throw fail(400, 'validation_failed', 'briefing.not_png', {}, [{ path: 'map_png' }])
      }
      let pdf: Buffer
      try {
        pdf = await renderBriefing(body, image)
      } catch (err) {
        // pdfkit rejects a PNG it cannot decode; anything else is ours
        if (err instanceof Error && /png|image/i.test(err.message)) {
          throw fail(400, 'validation_failed', 'briefing.png_unreadable', { reason: err.message }, [
            { path: 'map_png' },
          ])
        }
        throw err
      }
      const name = `briefing-${body.date}.pdf`
      return c.body(new Uint8Array(pdf), 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'no-store',
      })
    },
  )
}
