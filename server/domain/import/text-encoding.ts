/** Decodes text files from Chinese survey offices: UTF-8 when the bytes are valid UTF-8 (BOM dropped), else GBK. */
export function decodeSurveyText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '')
  } catch {
    return new TextDecoder('gbk').decode(bytes)
  }
}
