import {
  A3_LANDSCAPE,
  BRIEFING_MAP_BOX,
  type BriefingOp,
  layoutBriefing,
  type MeasureText,
} from '../../../server/domain/briefing-layout'
import type { BriefingBody } from '../../api/types'
import type { BriefingContent } from './briefing-content'

const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
/** Pixels per PDF point of the PNG: A3 at 144 dpi, 2381 × 1684 px. */
const PNG_SCALE = 2

export type MapPicture = { canvas: HTMLCanvasElement; metresPerPixel: number; bearing: number }

const fontOf = (size: number, bold: boolean) => `${bold ? 700 : 400} ${size}px ${FONT}`

function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('no 2D canvas')
  return ctx
}

/** The map picture cut (about its centre) to the proportions of the briefing's map box, at its own resolution. */
export function cropToMapBox(map: HTMLCanvasElement): HTMLCanvasElement {
  const aspect = BRIEFING_MAP_BOX.width / BRIEFING_MAP_BOX.height
  const width = Math.min(map.width, Math.round(map.height * aspect))
  const height = Math.min(map.height, Math.round(width / aspect))
  const crop = document.createElement('canvas')
  crop.width = width
  crop.height = height
  context2d(crop).drawImage(
    map,
    (map.width - width) / 2,
    (map.height - height) / 2,
    width,
    height,
    0,
    0,
    width,
    height,
  )
  return crop
}

/** The briefing page's texts measured in the canvas's font, in points (1 px at scale 1). */
function canvasMeasure(): MeasureText {
  const ctx = context2d(document.createElement('canvas'))
  return (text, size, bold) => {
    ctx.font = fontOf(size, bold)
    return ctx.measureText(text).width
  }
}

function draw(ctx: CanvasRenderingContext2D, op: BriefingOp, picture: HTMLCanvasElement) {
  ctx.save()
  if (op.op === 'image') {
    ctx.drawImage(picture, op.x, op.y, op.w, op.h)
  } else if (op.op === 'rect') {
    if (op.opacity !== undefined) ctx.globalAlpha = op.opacity
    if (op.fill) {
      ctx.fillStyle = op.fill
      ctx.fillRect(op.x, op.y, op.w, op.h)
    }
    if (op.stroke) {
      ctx.strokeStyle = op.stroke
      ctx.lineWidth = op.fill ? 0.6 : 0.8
      ctx.strokeRect(op.x, op.y, op.w, op.h)
    }
  } else if (op.op === 'text') {
    ctx.font = fontOf(op.size, op.bold ?? false)
    ctx.fillStyle = op.colour
    ctx.textBaseline = 'alphabetic'
    ctx.fillText(op.text, op.x, op.y)
  } else if (op.op === 'line') {
    ctx.strokeStyle = op.colour
    ctx.lineWidth = op.width
    if (op.dash) ctx.setLineDash([op.dash, op.dash])
    ctx.beginPath()
    for (const [i, [x, y]] of op.points.entries()) {
      if (i === 0) ctx.moveTo(x, y)
      else ctx.lineTo(x, y)
    }
    ctx.stroke()
  } else if (op.op === 'polygon') {
    ctx.fillStyle = op.fill
    ctx.beginPath()
    for (const [i, [x, y]] of op.points.entries()) {
      if (i === 0) ctx.moveTo(x, y)
      else ctx.lineTo(x, y)
    }
    ctx.closePath()
    ctx.fill()
  } else {
    ctx.fillStyle = op.fill
    ctx.beginPath()
    ctx.arc(op.x, op.y, op.r, 0, 2 * Math.PI)
    ctx.fill()
    if (op.stroke) {
      ctx.strokeStyle = op.stroke
      ctx.lineWidth = 0.8
      ctx.stroke()
    }
  }
  ctx.restore()
}

const scaleOf = (map: MapPicture) => ({ metres_per_pixel: map.metresPerPixel, bearing: map.bearing })

/**
 * The A3 landscape briefing page (server/domain/briefing-layout.ts, the same page the PDF shows) drawn on a
 * canvas, as a PNG blob. The map canvas must keep its drawing buffer (preserveDrawingBuffer) to be read here.
 */
export async function composeBriefingPng(map: MapPicture, content: BriefingContent): Promise<Blob> {
  const picture = cropToMapBox(map.canvas)
  const canvas = document.createElement('canvas')
  canvas.width = Math.round(A3_LANDSCAPE.width * PNG_SCALE)
  canvas.height = Math.round(A3_LANDSCAPE.height * PNG_SCALE)
  const ctx = context2d(canvas)
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, canvas.width, canvas.height)
  ctx.scale(PNG_SCALE, PNG_SCALE)
  const ops = layoutBriefing({ ...content, map_scale: scaleOf(map) }, canvasMeasure(), picture.width)
  for (const op of ops) draw(ctx, op, picture)
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be made'))),
      'image/png',
    ),
  )
}

/** What POST /api/briefing.pdf is sent: the contents, the cropped map as base64 PNG and its scale. */
export function briefingPdfBody(map: MapPicture, content: BriefingContent): BriefingBody {
  const picture = cropToMapBox(map.canvas)
  return {
    ...content,
    map_png: picture.toDataURL('image/png').replace(/^data:image\/png;base64,/, ''),
    map_scale: scaleOf(map),
  }
}

/** Saves a blob under a file name through a temporary link. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
