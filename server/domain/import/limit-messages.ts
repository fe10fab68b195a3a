import type { Messages } from '../messages'
import type { LimitBreach } from './types'

const MIB = 1024 * 1024

/**
 * What to tell the officer when a file breaks a limit, in zh-CN and en; sizes in MB (or KB under 1 MB).
 * @example limitMessages({ limit: 'entries', max: 1000 }).en // 'The zip holds more than 1000 entries; it is not read'
 */
export function limitMessages({ limit, max, entry = '' }: LimitBreach): Messages {
  const size = max >= MIB ? `${Math.round(max / MIB)} MB` : `${Math.ceil(max / 1024)} KB`
  switch (limit) {
    case 'upload_bytes':
      return {
        'zh-CN': `文件超过 ${size} 的上传上限`,
        en: `The file is larger than the ${size} upload limit`,
      }
    case 'entries':
      return {
        'zh-CN': `压缩包内的文件超过 ${max} 个，不予读取`,
        en: `The zip holds more than ${max} entries; it is not read`,
      }
    case 'uncompressed_bytes':
      return {
        'zh-CN': `压缩包解压后超过 ${size}，不予读取`,
        en: `The zip unpacks to more than ${size}; it is not read`,
      }
    case 'ratio':
      return {
        'zh-CN': `压缩包中的 ${entry} 压缩比超过 ${max}:1（疑似压缩炸弹），不予读取`,
        en: `${entry} in the zip is packed more than ${max}:1 (a zip bomb?); it is not read`,
      }
    case 'entry_bytes':
      return {
        'zh-CN': `压缩包中的 ${entry} 超过 ${size}，不是有效的 ${extension(entry)} 文件`,
        en: `${entry} in the zip is larger than ${size}: not a real ${extension(entry)} file`,
      }
    case 'declared_size':
      return {
        'zh-CN': `压缩包中的 ${entry} 解压后比文件头声明的大，压缩包已损坏或被篡改`,
        en: `${entry} unpacks to more than its zip header declares: the zip is damaged or forged`,
      }
    case 'nested_archive':
      return {
        'zh-CN': `压缩包里是另一个压缩包（${entry}），没有 .shp 文件：请上传 Shapefile 本身的 zip`,
        en: `The zip holds another archive (${entry}) and no .shp: upload the Shapefile's own zip`,
      }
    case 'text_length':
      return {
        'zh-CN': '文件中有一段文字或一个列表过大，无法读取',
        en: 'The file holds a text or a list too large to read',
      }
    case 'worker_memory':
      return {
        'zh-CN': `读取该文件需要超过 ${size} 内存，不予读取`,
        en: `Reading the file needs more than ${size} of memory; it is not read`,
      }
  }
}

function extension(name: string): string {
  return /\.[^./]+$/.exec(name)?.[0] ?? name
}

/** 413 when the file is too big as a whole, 400 when one part of it is wrong. */
export function limitStatus(limit: LimitBreach['limit']): 413 | 400 {
  return ['upload_bytes', 'entries', 'uncompressed_bytes', 'ratio', 'worker_memory'].includes(limit)
    ? 413
    : 400
}
