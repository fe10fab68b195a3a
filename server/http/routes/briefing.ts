import { existsSync } from 'node:fs'
import { Hono } from 'hono'
import PDFDocument from 'pdfkit'
import { BriefingRequest } from '../../domain/briefing'
import { A3_LANDSCAPE, INK, layoutBriefing } from '../../domain/briefing-layout'
import { fail } from '../../errors'
import type { AuthEnv } from '../middleware/authenticate'
import { limitBody } from '../middleware/security'
import { validate } from '../validation'

/** Debian's fonts-noto-cjk: one collection with the Simplified Chinese face inside. */
export const CJK_FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'
export const CJK_FONT_FACE = 'NotoSansCJKsc-Regular'
const CJK_BOLD_FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc'
const CJK_BOLD_FONT_FACE = 'NotoSansCJKsc-Bold'

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

/** Draws the briefing page (server/domain/briefing-layout.ts) on one A3 landscape page, the CJK font embedded. */
function renderBriefing(body: BriefingRequest, image: Buffer): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [A3_LANDSCAPE.width, A3_LANDSCAPE.height],
    margin: 0,
    info: { Title: body.title, Subject: body.subtitle ?? body.title, Creator: 'Guatu 挂图' },
  })
  const done = toBuffer(doc)
  doc.registerFont('cjk', CJK_FONT_FILE, CJK_FONT_FACE)
  doc.registerFont('cjk-bold', CJK_BOLD_FONT_FILE, CJK_BOLD_FONT_FACE)
  const measure = (text: string, size: number, bold: boolean) =>
    doc
      .font(bold ? 'cjk-bold' : 'cjk')
      .fontSize(size)
      .widthOfString(text)
  // the picture's width in pixels, from its PNG header (IHDR follows the signature)
  const pictureWidth = image.readUInt32BE(16)
  for (const op of layoutBriefing(body, measure, pictureWidth)) {
    if (op.op === 'image') {
      doc.image(image, op.x, op.y, { fit: [op.w, op.h], align: 'center', valign: 'center' })
    } else if (op.op === 'rect') {
      doc.save()
      if (op.opacity !== undefined) doc.opacity(op.opacity)
      doc.rect(op.x, op.y, op.w, op.h)
      if (op.fill && op.stroke) doc.lineWidth(0.6).fillAndStroke(op.fill, op.stroke)
      else if (op.fill) doc.fill(op.fill)
      else doc.lineWidth(0.8).stroke(op.stroke ?? INK)
      doc.restore()
    } else if (op.op === 'text') {
      doc
        .font(op.bold ? 'cjk-bold' : 'cjk')
        .fontSize(op.size)
        .fillColor(op.colour)
        .text(op.text, op.x, op.y, { baseline: 'alphabetic', lineBreak: false })
    } else if (op.op === 'line') {
      doc.save()
      const [first, ...rest] = op.points
      if (first) doc.moveTo(first[0], first[1])
      for (const [x, y] of rest) doc.lineTo(x, y)
      if (op.dash) doc.dash(op.dash, { space: op.dash })
      doc.lineWidth(op.width).stroke(op.colour)
      doc.restore()
    } else if (op.op === 'polygon') {
      doc.polygon(...op.points).fill(op.fill)
    } else {
      doc.circle(op.x, op.y, op.r)
      if (op.stroke) doc.lineWidth(0.8).fillAndStroke(op.fill, op.stroke)
      else doc.fill(op.fill)
    }
  }
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
      if (!existsSync(CJK_FONT_FILE) || !existsSync(CJK_BOLD_FONT_FILE)) {
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
