import type { BriefingBody } from '../../api/types'

const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
const INK = '#1b2533'
const SOFT = '#5a6577'
const LINE = '#d5dae3'
const SIDE = 380
const PAD = 24
const HEADER = 84

/**
 * Draws the briefing (title, date, subtitle, map image, KPI cards, legend) on a canvas and answers it as a
 * PNG blob. The map canvas must keep its drawing buffer (preserveDrawingBuffer) to be read back here.
 */
export async function composeBriefingPng(
  mapCanvas: HTMLCanvasElement,
  briefing: Omit<BriefingBody, 'map_png'>,
): Promise<Blob> {
  const mapWidth = mapCanvas.width
  const mapHeight = mapCanvas.height
  const scale = Math.max(1, mapWidth / (mapCanvas.clientWidth || mapWidth))
  const side = SIDE * scale
  const pad = PAD * scale
  const header = HEADER * scale
  const legendRows = Math.ceil(briefing.legend.length / 2)
  const kpiRows = Math.ceil(briefing.kpis.length / 2)
  const sideHeight = (kpiRows * 62 + 24 + legendRows * 20 + 24) * scale
  const canvas = document.createElement('canvas')
  canvas.width = Math.round(mapWidth + side + 3 * pad)
  canvas.height = Math.round(header + Math.max(mapHeight, sideHeight) + 2 * pad)
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('no 2D canvas')
  const px = (n: number) => n * scale

  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, canvas.width, canvas.height)
  ctx.textBaseline = 'top'
  ctx.fillStyle = INK
  ctx.font = `700 ${px(26)}px ${FONT}`
  ctx.fillText(briefing.title, pad, pad)
  ctx.fillStyle = SOFT
  ctx.font = `${px(14)}px ${FONT}`
  ctx.textAlign = 'right'
  ctx.fillText(briefing.date, canvas.width - pad, pad + px(6))
  ctx.textAlign = 'left'
  if (briefing.subtitle) ctx.fillText(briefing.subtitle, pad, pad + px(36))
  ctx.strokeStyle = LINE
  ctx.lineWidth = px(1)
  ctx.beginPath()
  ctx.moveTo(pad, header)
  ctx.lineTo(canvas.width - pad, header)
  ctx.stroke()

  const top = header + pad
  ctx.drawImage(mapCanvas, pad, top, mapWidth, mapHeight)
  ctx.strokeRect(pad, top, mapWidth, mapHeight)

  const left = pad * 2 + mapWidth
  const cardWidth = (side - px(10)) / 2
  let y = top
  briefing.kpis.forEach((kpi, index) => {
    const x = left + (index % 2) * (cardWidth + px(10))
    if (index > 0 && index % 2 === 0) y += px(62)
    ctx.strokeStyle = LINE
    ctx.strokeRect(x, y, cardWidth, px(54))
    ctx.fillStyle = SOFT
    ctx.font = `${px(12)}px ${FONT}`
    ctx.fillText(kpi.label, x + px(10), y + px(8), cardWidth - px(20))
    ctx.fillStyle = INK
    ctx.font = `700 ${px(20)}px ${FONT}`
    ctx.fillText(kpi.value, x + px(10), y + px(26), cardWidth - px(20))
  })
  if (briefing.kpis.length > 0) y += px(62 + 24)

  ctx.font = `${px(12)}px ${FONT}`
  briefing.legend.forEach((item, index) => {
    const x = left + (index % 2) * (cardWidth + px(10))
    const rowY = y + Math.floor(index / 2) * px(20)
    ctx.fillStyle = item.colour
    ctx.fillRect(x, rowY + px(2), px(14), px(10))
    ctx.fillStyle = INK
    ctx.fillText(item.label, x + px(20), rowY, cardWidth - px(24))
  })

  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be made'))),
      'image/png',
    ),
  )
}

/** The map canvas as base64 PNG (no data: prefix), for POST /api/briefing.pdf. */
export function mapPngBase64(mapCanvas: HTMLCanvasElement): string {
  return mapCanvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '')
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
