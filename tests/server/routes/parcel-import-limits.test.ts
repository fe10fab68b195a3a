import { unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DEFAULT_IMPORT_SETTINGS,
  type ImportSettings,
} from '../../../server/services/parcels/read-import-file'
import { closeTestPool, loginCookie, type TestApp, testApp } from '../../support/app'
import { deflatedEntry, deflatedZeros, type RawZipEntry, writeZip } from '../../support/zip-writer'
import { importFixture } from '../domain/import/fixtures'

const MIB = 1024 * 1024
const GIB = 1024 * MIB

const app = testApp()
let cookie = ''

// the shapefile fixture's entries (two GBK parcels in EPSG:4547), to put beside hostile ones
const SHAPEFILE = Object.entries(unzipSync(importFixture('parcels-cgcs2000-gk114-gbk.zip'))).map(
  ([name, data]) => deflatedEntry(name, data),
)

beforeAll(async () => {
  cookie = await loginCookie(app, 'officer')
  // the first import starts the reading thread: its memory is not the bombs'
  expect((await upload(app, writeZip(SHAPEFILE), 'warm-up.zip', { dry_run: 'true' })).status).toBe(200)
})
afterAll(closeTestPool)

interface Answer {
  status: number
  body: { error?: { code: string; message: string; details: Record<string, unknown>[] }; created?: number }
  /** how far the process's resident memory rose above where it was when the request began, in bytes */
  peakGrowth: number
}

/** Uploads and samples the process's memory (the reading thread's included) every 5 ms until the answer. */
async function upload(
  target: TestApp,
  bytes: Uint8Array,
  filename: string,
  fields: Record<string, string> = {},
  language = 'zh-CN',
): Promise<Answer> {
  const form = new FormData()
  form.set('file', new File([new Uint8Array(bytes)], filename))
  for (const [key, value] of Object.entries(fields)) form.set(key, value)
  const before = process.memoryUsage().rss
  let peak = before
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 5)
  try {
    const res = await target.request('/api/parcels/import', {
      method: 'POST',
      headers: { cookie, 'accept-language': language },
      body: form,
    })
    const body = await res.json()
    peak = Math.max(peak, process.memoryUsage().rss)
    return { status: res.status, body, peakGrowth: peak - before }
  } finally {
    clearInterval(sampler)
  }
}

/** A 1 GiB entry of zeros packed into ~1 MB, its headers declaring `declared` bytes. */
function bomb(name: string, declared = GIB): RawZipEntry {
  return { name, packed: deflatedZeros(1024), method: 8, size: declared }
}

/** An entry stored as it is (method 0). */
function stored(name: string, data: Uint8Array): RawZipEntry {
  return { name, packed: data, method: 0, size: data.length }
}

describe('POST /api/parcels/import with hostile archives', () => {
  it('answers 413 uncompressed_bytes to a flat bomb (1 MB → 1 GiB) without unpacking it', async () => {
    const zip = writeZip([...SHAPEFILE, bomb('parcels_cgcs2000_gk114.tif')])
    expect(zip.length).toBeLessThan(2 * MIB)
    const { status, body, peakGrowth } = await upload(app, zip, 'bomb.zip')
    expect(status).toBe(413)
    expect(body.error?.code).toBe('payload_too_large')
    expect(body.error?.details[0]).toMatchObject({
      path: 'file',
      limit: 'uncompressed_bytes',
      max: 500 * MIB,
    })
    expect(body.error?.message).toBe('压缩包解压后超过 500 MB，不予读取')
    // the bomb is 1,024 MiB; far less than a quarter of it was ever held
    expect(peakGrowth).toBeLessThan(GIB / 4)
  })

  it('answers the same in English when Accept-Language asks for it', async () => {
    const zip = writeZip([...SHAPEFILE, bomb('extra.bin')])
    const { status, body } = await upload(app, zip, 'bomb.zip', {}, 'en-US,en;q=0.9,zh-CN;q=0.8')
    expect(status).toBe(413)
    expect(body.error?.message).toBe('The zip unpacks to more than 500 MB; it is not read')
  })

  it('answers 400 declared_size to a flat bomb whose header claims 4 KB, having unpacked little of it', async () => {
    const lying = bomb('parcels_cgcs2000_gk114.shp', 4096)
    const zip = writeZip([...SHAPEFILE.filter((e) => !e.name.endsWith('.shp')), lying])
    const { status, body, peakGrowth } = await upload(app, zip, 'lying.zip')
    expect(status).toBe(400)
    expect(body.error?.code).toBe('validation_failed')
    expect(body.error?.details[0]).toMatchObject({
      limit: 'declared_size',
      entry: 'parcels_cgcs2000_gk114.shp',
    })
    expect(body.error?.message).toContain('解压后比文件头声明的大')
    expect(peakGrowth).toBeLessThan(GIB / 4)
  })

  it('answers 413 ratio to 100 MiB packed into 100 KB, under the size limit', async () => {
    const dense: RawZipEntry = { name: 'notes.dbf', packed: deflatedZeros(100), method: 8, size: 100 * MIB }
    const { status, body } = await upload(app, writeZip([...SHAPEFILE, dense]), 'dense.zip', {}, 'en')
    expect(status).toBe(413)
    expect(body.error?.details[0]).toMatchObject({ limit: 'ratio', max: 200, entry: 'notes.dbf' })
    expect(body.error?.message).toBe(
      'notes.dbf in the zip is packed more than 200:1 (a zip bomb?); it is not read',
    )
  })

  it('answers 413 entries to a zip of 1,001 empty files', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({
      name: `f${i}.txt`,
      packed: new Uint8Array(0),
      method: 0 as const,
      size: 0,
    }))
    const { status, body } = await upload(app, writeZip(many), 'many.zip', {}, 'en')
    expect(status).toBe(413)
    expect(body.error?.details[0]).toMatchObject({ limit: 'entries', max: 1000 })
    expect(body.error?.message).toBe('The zip holds more than 1000 entries; it is not read')
  })

  it('answers 413 ratio to a nested bomb (10 zips of 10 GiB each, deflated again) without opening the inner zips', async () => {
    const inner = writeZip(Array.from({ length: 10 }, (_, i) => bomb(`layer${i}.shp`)))
    const outer = writeZip(Array.from({ length: 10 }, (_, i) => deflatedEntry(`part${i}.zip`, inner)))
    const { status, body, peakGrowth } = await upload(app, outer, 'nested.zip', {}, 'en')
    expect(status).toBe(413)
    // a bomb's layers pack well again: the first inner zip is refused by its own ratio
    expect(body.error?.details[0]).toMatchObject({ limit: 'ratio', entry: 'part0.zip' })
    expect(peakGrowth).toBeLessThan(GIB / 4)
  })

  it('answers 400 nested_archive to 3 stored zips of 10 GiB each and no .shp, never opening them', async () => {
    const inner = writeZip(Array.from({ length: 10 }, (_, i) => bomb(`layer${i}.shp`)))
    const outer = writeZip(Array.from({ length: 3 }, (_, i) => stored(`part${i}.zip`, inner)))
    const { status, body, peakGrowth } = await upload(app, outer, 'nested.zip')
    expect(status).toBe(400)
    expect(body.error?.details[0]).toMatchObject({ limit: 'nested_archive', entry: 'part0.zip' })
    expect(body.error?.message).toBe(
      '压缩包里是另一个压缩包（part0.zip），没有 .shp 文件：请上传 Shapefile 本身的 zip',
    )
    expect(peakGrowth).toBeLessThan(GIB / 4)
  })

  it('imports the shapefile beside a stored zip of bombs, never opening it', async () => {
    const inner = writeZip(Array.from({ length: 10 }, (_, i) => bomb(`layer${i}.shp`)))
    const zip = writeZip([...SHAPEFILE, stored('attachments.zip', inner)])
    const { status, body, peakGrowth } = await upload(app, zip, 'with-nested.zip', { dry_run: 'true' })
    expect(status).toBe(200)
    expect(body.created).toBe(2)
    expect(peakGrowth).toBeLessThan(GIB / 4)
  })

  it('answers 413 to a 600 MB .prj under the default limits, never 500', async () => {
    const prj: RawZipEntry = {
      name: 'parcels_cgcs2000_gk114.prj',
      packed: deflatedZeros(600),
      method: 8,
      size: 600 * MIB,
    }
    const zip = writeZip([...SHAPEFILE.filter((e) => !e.name.endsWith('.prj')), prj])
    const { status, body, peakGrowth } = await upload(app, zip, 'prj.zip')
    expect(status).toBe(413)
    expect(body.error?.details[0]).toMatchObject({ limit: 'uncompressed_bytes' })
    expect(peakGrowth).toBeLessThan((600 * MIB) / 4)
  })

  it('answers 400 entry_bytes to a 600 MB .prj when the limits would allow 2 GiB at 2,000:1', async () => {
    const generous: ImportSettings = {
      ...DEFAULT_IMPORT_SETTINGS,
      archive: { maxEntries: 1000, maxUncompressedBytes: 2 * GIB, maxRatio: 2000 },
    }
    const loose = testApp({ imports: generous })
    const prj: RawZipEntry = {
      name: 'parcels_cgcs2000_gk114.prj',
      packed: deflatedZeros(600),
      method: 8,
      size: 600 * MIB,
    }
    const zip = writeZip([...SHAPEFILE.filter((e) => !e.name.endsWith('.prj')), prj])
    const { status, body, peakGrowth } = await upload(loose, zip, 'prj.zip', {}, 'en')
    expect(status).toBe(400)
    expect(body.error?.details[0]).toMatchObject({ limit: 'entry_bytes', max: 64 * 1024 })
    expect(body.error?.message).toBe(
      'parcels_cgcs2000_gk114.prj in the zip is larger than 64 KB: not a real .prj file',
    )
    expect(peakGrowth).toBeLessThan((600 * MIB) / 4)
  })

  it('answers 400 declared_size to a 600 MB .prj whose header claims 430 bytes', async () => {
    const prj: RawZipEntry = {
      name: 'parcels_cgcs2000_gk114.prj',
      packed: deflatedZeros(600),
      method: 8,
      size: 430,
    }
    const zip = writeZip([...SHAPEFILE.filter((e) => !e.name.endsWith('.prj')), prj])
    const { status, body, peakGrowth } = await upload(app, zip, 'prj.zip')
    expect(status).toBe(400)
    expect(body.error?.details[0]).toMatchObject({
      limit: 'declared_size',
      entry: 'parcels_cgcs2000_gk114.prj',
    })
    expect(peakGrowth).toBeLessThan((600 * MIB) / 4)
  })

  it('answers 413 upload_bytes past a configured upload limit, in the caller language', async () => {
    const small = testApp({ imports: { ...DEFAULT_IMPORT_SETTINGS, maxUploadBytes: MIB } })
    const { status, body } = await upload(small, new Uint8Array(2 * MIB), 'big.geojson', {}, 'en')
    expect(status).toBe(413)
    expect(body.error).toMatchObject({
      code: 'payload_too_large',
      message: 'The file is larger than the 1 MB upload limit',
      details: [{ path: 'file', limit: 'upload_bytes', max: MIB }],
    })
    const zh = await upload(small, new Uint8Array(2 * MIB), 'big.geojson')
    expect(zh.body.error?.message).toBe('文件超过 1 MB 的上传上限')
  })

  it('answers 400 validation_failed to a multipart body cut off before its closing boundary', async () => {
    const body = '--b1\r\nContent-Disposition: form-data; name="file"; filename="a.geojson"\r\n\r\n{"type":'
    const res = await app.request('/api/parcels/import', {
      method: 'POST',
      headers: { cookie, 'content-type': 'multipart/form-data; boundary=b1' },
      body,
    })
    expect(res.status).toBe(400)
    expect((await res.json()).error).toMatchObject({ code: 'validation_failed' })
  })
})
