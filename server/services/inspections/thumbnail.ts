import sharp from 'sharp'
import { sha256Hex } from '../../domain/files'

/** The longest side of a photo's thumbnail, in pixels: a timeline row on a phone, twice for sharp screens. */
export const THUMBNAIL_SIZE = 480

/**
 * A photo's thumbnail (libvips through sharp): turned upright by its EXIF orientation, at most THUMBNAIL_SIZE on
 * its longest side (never enlarged), JPEG. sharp writes no metadata unless asked, so the thumbnail carries no EXIF
 * position. Null when the bytes cannot be read as an image: the photo is still kept, shown without a thumbnail.
 */
export async function makeThumbnail(
  bytes: Uint8Array,
): Promise<{ bytes: Uint8Array; sha256: string; mediaType: string } | null> {
  try {
    const out = await sharp(bytes, { failOn: 'error' })
      .rotate()
      .resize({ width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 78, mozjpeg: true })
      .toBuffer()
    const thumb = new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
    return { bytes: thumb, sha256: sha256Hex(thumb), mediaType: 'image/jpeg' }
  } catch {
    return null
  }
}
