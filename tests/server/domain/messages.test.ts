import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { isMessageKey, LABELS, MESSAGES, messagesOf, say } from '../../../server/domain/messages'
import { REASON_EXAMPLES, reasonMessages, reasonText } from '../../../server/domain/reasons'

// The message coverage test: every message the server can say has zh-CN and en, every key the code throws by is
// in the catalogue, every ApiError made by hand carries both languages, and every reason the services write into
// history or an import report reads back into the catalogue.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : []
  })
}

const SERVER = sourceFiles(join(ROOT, 'server')).map((path) => {
  const text = readFileSync(path, 'utf8')
  return { name: relative(ROOT, path), file: ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true) }
})

function visitAll(visit: (node: ts.Node, name: string, file: ts.SourceFile) => void) {
  for (const { name, file } of SERVER) {
    const walk = (node: ts.Node) => {
      visit(node, name, file)
      ts.forEachChild(node, walk)
    }
    walk(file)
  }
}

/** A literal's text with each `${…}` as "1" (a number reads as every kind of parameter in the patterns). */
function sample(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
  if (ts.isTemplateExpression(node))
    return node.head.text + node.templateSpans.map((s) => `1${s.literal.text}`).join('')
  return null
}

const CJK = /[\u4e00-\u9fff]/
/** messages whose Chinese is only a frame or a pass-through of text that is not ours */
const PASS_THROUGH = new Set(['import.untranslated', 'history.change', 'history.value'])

describe('the message catalogue', () => {
  it('has a non-empty zh-CN and en for every key, the Chinese in Chinese and the two different', () => {
    for (const [key, messages] of Object.entries(MESSAGES)) {
      expect(messages['zh-CN'].trim(), key).not.toBe('')
      expect(messages.en.trim(), key).not.toBe('')
      if (PASS_THROUGH.has(key)) continue
      const zhWithoutParams = messages['zh-CN'].replace(/\{\w+\}/g, '')
      // a message that is only parameters ("{at}" around a word) still says its words in Chinese
      expect(CJK.test(zhWithoutParams) || zhWithoutParams.trim() === '', `${key}: ${messages['zh-CN']}`).toBe(
        true,
      )
      expect(messages['zh-CN'], key).not.toBe(messages.en)
    }
  })

  it('has words in both languages for every vocabulary code', () => {
    for (const [group, codes] of Object.entries(LABELS)) {
      for (const [code, words] of Object.entries(codes)) {
        expect(CJK.test(words['zh-CN']), `${group}.${code}`).toBe(true)
        expect(words.en.trim(), `${group}.${code}`).not.toBe('')
      }
    }
  })

  it('fills parameters in each language, nested messages in the same language', () => {
    expect(say('parcel.not_found', { id: 7 }, 'zh-CN')).toBe('没有地块 7')
    expect(say('parcel.not_found', { id: 7 }, 'en')).toBe('No parcel 7')
    const nested = messagesOf('geometry.invalid', {
      reason: messagesOf('geos.self_intersection', { at: '' }),
    })
    expect(nested).toEqual({ 'zh-CN': '几何无效：自相交', en: 'geometry is not valid: Self-intersection' })
  })

  it('is used by key only with keys it has (fail, messagesOf, say)', () => {
    const used: string[] = []
    visitAll((node, name, file) => {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression)) return
      const callee = node.expression.text
      const at = callee === 'fail' ? 2 : callee === 'messagesOf' || callee === 'say' ? 0 : -1
      const arg = at >= 0 ? node.arguments[at] : undefined
      if (!arg || name === 'server/domain/messages.ts') return
      const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1
      const key = ts.isStringLiteral(arg) ? arg.text : null
      if (key === null) {
        // a key passed along (fail's own body, noRouteBody) is checked where it is written
        if (!['server/errors.ts', 'server/app.ts', 'server/domain/reasons.ts'].includes(name))
          used.push(`${name}:${line} key not literal`)
        return
      }
      if (!isMessageKey(key)) used.push(`${name}:${line} unknown key ${key}`)
    })
    expect(used).toEqual([])
  })

  it('leaves no ApiError in server/ without both languages', () => {
    const bare: string[] = []
    visitAll((node, name, file) => {
      if (
        !ts.isNewExpression(node) ||
        !ts.isIdentifier(node.expression) ||
        node.expression.text !== 'ApiError'
      )
        return
      if (name === 'server/errors.ts') return
      if ((node.arguments?.length ?? 0) < 5) {
        bare.push(`${name}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`)
      }
    })
    expect(bare).toEqual([])
  })
})

describe('reasons read back into the catalogue', () => {
  it('reads each pattern example into its key, with Chinese that differs from the English', () => {
    for (const { example, key } of REASON_EXAMPLES) {
      const text = reasonText(example)
      expect(
        text?.key === key || (key === 'milestone.before' && text?.key === 'milestone.after'),
        example,
      ).toBe(true)
      const messages = reasonMessages(example)
      expect(messages.en, example).toBe(example)
      expect(CJK.test(messages['zh-CN'].replace(example, '')), example).toBe(true)
    }
  })

  it('translates GEOS reasons from ST_IsValidReason', () => {
    expect(reasonMessages('geometry is not valid: Self-intersection[114.05 22.5]')['zh-CN']).toBe(
      '几何无效：自相交（位置 114.05 22.5）',
    )
    expect(reasonMessages('geometry is not valid: Ring Self-intersection[1 2]')['zh-CN']).toBe(
      '几何无效：环自相交（位置 1 2）',
    )
    expect(reasonMessages('geometry is not valid: Too few points[1 2]')['zh-CN']).toBe(
      '几何无效：点数过少（位置 1 2）',
    )
    expect(reasonMessages('geometry is not valid: Hole lies outside shell[3 4]')['zh-CN']).toBe(
      '几何无效：内环位于外环之外（位置 3 4）',
    )
  })

  it('translates an overlap with parcels and rows of the file, each part', () => {
    expect(reasonMessages('overlaps parcel GX-1, GX-2; overlaps IMP-2 (row 1) of this file')['zh-CN']).toBe(
      '与地块 GX-1, GX-2 重叠；与本文件中的 IMP-2（第 1 行）重叠',
    )
    expect(reasonMessages('These parcels do not form one connected area')['zh-CN']).toBe(
      'These parcels do not form one connected area',
    )
    expect(say('parcel.not_connected', {}, 'zh-CN')).toBe('这些地块不相连，不能合并为一个地块')
  })

  it('knows every reason the services and the database layer write (history, import rows)', () => {
    const unknown: string[] = []
    visitAll((node, name) => {
      // sign-in outcomes ('locked', 'invalid_credentials') are codes the route answers with, not words
      if (!/^server\/(services|db)\//.test(name) || name.startsWith('server/services/auth/')) return
      if (!ts.isPropertyAssignment(node) || node.name.getText() !== 'reason') return
      const value = node.initializer
      // reason: cond ? `a` : 'b', and reason: note ?? 'merged' (the default a service writes)
      const texts = ts.isConditionalExpression(value)
        ? [sample(value.whenTrue), sample(value.whenFalse)]
        : ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken
          ? [sample(value.right)]
          : [sample(value)]
      for (const text of texts) {
        if (text !== null && reasonText(text) === null) unknown.push(`${name}: ${text}`)
      }
    })
    expect(unknown).toEqual([])
  })
})
