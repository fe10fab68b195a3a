/**
 * A CSV that Excel and WPS open as UTF-8 (a byte-order mark first), with CRLF line ends and every field quoted.
 * A text that a spreadsheet would take for a formula (=, +, @, or - not followed by a digit) gets a leading
 * apostrophe. `toCsv(['编号', '面积（亩）'], [['GX-1', 12.5]])` → "\uFEFF\"编号\",\"面积（亩）\"\r\n\"GX-1\",\"12.5\"\r\n".
 */
export function toCsv(
  headers: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  const field = (value: string | number | null) => {
    if (value === null) return '""'
    let text = String(value)
    if (typeof value === 'string' && /^(?:[=+@\t\r]|-(?!\d))/.test(text)) text = `'${text}`
    return `"${text.replace(/"/g, '""')}"`
  }
  const lines = [headers, ...rows].map((row) => row.map(field).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** Saves `text` as a file named `filename` through a temporary link (no server round trip). */
export function downloadText(text: string, filename: string, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}
