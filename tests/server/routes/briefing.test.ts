import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeTestPool, loginCookie, testApp } from '../../support/app'

const app = testApp()
let cookie = ''
beforeAll(async () => {
  cookie = await loginCookie(app, 'leader')
})
afterAll(closeTestPool)

/** A tiny valid PNG (solid colour, RGB, 8 bit), built by hand so the test needs no image library. */
function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff
    for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const sum = Buffer.alloc(4)
    sum.writeUInt32BE(crc(body))
    return Buffer.concat([length, body, sum])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())])
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const briefing = {
  title: '高新区挂图作战简报',
  subtitle: '2026年1–4月',
  date: '2026-11-28',
  kpis: [
    { label: '签约项目', value: '47 个' },
    { label: '签约金额', value: '95.43 亿元' },
  ],
  legend: [{ label: '可供地块', colour: '#2e7d32' }],
  map_png: solidPng(40, 30, [200, 220, 240]).toString('base64'),
}

function post(body: unknown, headers: Record<string, string> = { cookie }) {
  return app.request('/api/briefing.pdf', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
}

describe('POST /api/briefing.pdf', () => {
  it('answers an A3 landscape PDF whose text holds the Chinese title and figures', async () => {
    const res = await post(briefing)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toContain('briefing-2026-11-28.pdf')
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.subarray(0, 5).toString('ascii')).toBe('%PDF-')
    const dir = mkdtempSync(join(tmpdir(), 'guatu-briefing-'))
    const file = join(dir, 'briefing.pdf')
    writeFileSync(file, bytes)
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    expect(text).toContain('高新区挂图作战简报')
    expect(text).toContain('95.43 亿元')
    // A3 landscape: 1191 × 842 pt
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
    expect(info).toMatch(/Pages:\s+1\n/)
    expect(info).toMatch(/Page size:\s+1190\.5\d? x 841\.8\d? pts \(A3\)/)
  })

  it('lays out the charts, the late items by owner, the legend, a scale bar and a north arrow on the page', async () => {
    const months = ['1月', '2月', '3月', '4月']
    const res = await post({
      ...briefing,
      stamp: '数据截至 2026-11-28 10:30',
      map_png: solidPng(640, 708, [200, 220, 240]).toString('base64'),
      // 40 m a pixel, the picture as wide as the box: a fifth of the box is 5,120 m, so the bar is 5 km
      map_scale: { metres_per_pixel: 40, bearing: 30 },
      charts: [
        {
          title: '签约金额（按月）',
          categories: months,
          series: [{ name: '签约金额', colour: '#1f6fc5', values: [12.5, 30, 0, 52.93] }],
        },
        {
          title: '滞后事项（按责任单位）',
          horizontal: true,
          categories: ['征拆办', '建设局'],
          series: [
            { name: '滞后节点', colour: '#d62f2f', values: [5, 2] },
            { name: '逾期难点', colour: '#f08c1a', values: [1, 3] },
          ],
          highlight: '建设局',
        },
      ],
      late: [
        {
          owner: '征拆办',
          count: 6,
          items: [{ label: 'P-0107 征收完成', detail: '2026-03-01 · 逾期 272 天' }],
        },
      ],
      headings: { legend: '图例', late: '滞后事项（按责任单位）' },
      legend: [
        { label: '可供', colour: '#3fae6a', group: '地块状态' },
        { label: '签约', colour: '#1f6fc5', group: '项目阶段', shape: 'circle' },
        { label: '计划', colour: '#8a8f98', group: '基础设施', shape: 'dashed' },
      ],
    })
    expect(res.status).toBe(200)
    const dir = mkdtempSync(join(tmpdir(), 'guatu-briefing-'))
    const file = join(dir, 'briefing.pdf')
    writeFileSync(file, Buffer.from(await res.arrayBuffer()))
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    for (const expected of [
      '数据截至 2026-11-28 10:30',
      '签约金额（按月）',
      'P-0107 征收完成',
      '逾期 272 天',
      '征拆办',
      '地块状态',
      '基础设施',
      '5 km',
      'N',
    ]) {
      expect(text).toContain(expected)
    }
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' })
    // both faces embedded (subset): the "emb" column says yes
    expect(fonts).toMatch(/NotoSansCJKsc-Regular.*yes/)
    expect(fonts).toMatch(/NotoSansCJKsc-Bold.*yes/)
  })

  it('answers 400 validation_failed for a body without a title, a bad colour or an image that is no PNG', async () => {
    for (const body of [
      { ...briefing, title: '' },
      { ...briefing, legend: [{ label: 'x', colour: 'red' }] },
      {
        ...briefing,
        map_png: Buffer.from('not a png at all, not at all, not at all, not at all, no').toString('base64'),
      },
      { ...briefing, map_png: '***' },
      { ...briefing, extra: true },
      // a chart whose series has fewer values than categories
      {
        ...briefing,
        charts: [
          { title: 'x', categories: ['a', 'b'], series: [{ name: 's', colour: '#000000', values: [1] }] },
        ],
      },
      { ...briefing, map_scale: { metres_per_pixel: 0, bearing: 0 } },
    ]) {
      const res = await post(body)
      expect(res.status).toBe(400)
      expect((await res.json()).error.code).toBe('validation_failed')
    }
  })

  it('answers 401 unauthenticated without a session', async () => {
    const res = await post(briefing, {})
    expect(res.status).toBe(401)
    expect((await res.json()).error.code).toBe('unauthenticated')
  })
})
