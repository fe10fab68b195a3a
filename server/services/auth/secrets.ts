import { createHash, randomBytes } from 'node:crypto'

/** Sessions and tokens are stored as sha-256 hashes; the raw value only ever lives in the client. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/** 256 random bits, URL-safe: a session cookie value or (with a prefix) an API token. */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`
}
