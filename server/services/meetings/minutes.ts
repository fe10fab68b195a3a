import {
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import PDFDocument from 'pdfkit'
import { ESCALATION_LABELS } from '../../domain/escalation'
import { wanToYi } from '../../domain/units'
import type { MeetingAgenda } from './meetings'

const ORDER_STATUS: Record<string, string> = {
  issued: '已下发',
  in_progress: '办理中',
  done: '已报办结',
  returned: '已退回',
  accepted: '已验收',
}

/** The minutes (会议纪要) as sections of lines and tables, shared by the DOCX and the PDF. */
function minutesContent(agenda: MeetingAgenda) {
  const { meeting, changes } = agenda
  const lateRows = agenda.late_by_department.flatMap((group) =>
    group.items.map((item) => [
      group.department,
      ESCALATION_LABELS[item.level]['zh-CN'],
      item.title,
      item.due_on,
      `${item.days_late} 天`,
    ]),
  )
  return {
    title: `${meeting.title}会议纪要`,
    lines: [
      `时间：${meeting.held_on}`,
      `参会人员：${meeting.attendees.length ? meeting.attendees.join('、') : '—'}`,
      agenda.previous ? `上次例会：${agenda.previous.held_on}（${agenda.previous.title}）` : '上次例会：无',
    ],
    changes: [
      `项目阶段变化 ${changes.stage_moves.length} 项，地块节点完成 ${changes.milestones_done.length} 个`,
      `新签约项目 ${changes.signed.count} 个，投资额 ${wanToYi(changes.signed.investment_wan).toFixed(2)} 亿元`,
    ],
    summary: agenda.late_by_department.map(
      (g) => `${g.department}：红牌 ${g.red} 项，黄牌 ${g.yellow} 项，其他滞后 ${g.normal} 项`,
    ),
    lateHeader: ['责任单位', '等级', '事项', '计划完成', '逾期'],
    lateRows,
    blockers: agenda.open_blockers.map(
      (b) => `${b.project}：${b.title}（${b.department ?? '未指定'}，期限 ${b.due_on ?? '—'}）`,
    ),
    decisions: agenda.decisions.map(
      (o) =>
        `第 ${o.id} 号 ${o.title}：${o.instructions}（${o.department}，${o.due_on} 前，${ORDER_STATUS[o.status]}）`,
    ),
    orders: agenda.open_orders.map(
      (o) => `第 ${o.id} 号 ${o.title}（${o.department}，期限 ${o.due_on}，${ORDER_STATUS[o.status]}）`,
    ),
  }
}

const cell = (text: string, bold = false) =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] })

/** The minutes as a Word document (DOCX): the meeting, what changed, the late items by department, decisions. */
export async function minutesDocx(agenda: MeetingAgenda): Promise<Buffer> {
  const m = minutesContent(agenda)
  const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_2 })
  const list = (items: string[]) =>
    items.length ? items.map((text) => new Paragraph({ text, bullet: { level: 0 } })) : [new Paragraph('无')]
  const doc = new Document({
    creator: 'Guatu 挂图',
    title: m.title,
    styles: { default: { document: { run: { font: 'Noto Sans CJK SC' } } } },
    sections: [
      {
        children: [
          new Paragraph({ text: m.title, heading: HeadingLevel.TITLE }),
          ...m.lines.map((text) => new Paragraph(text)),
          heading('一、上次例会以来的变化'),
          ...list(m.changes),
          heading('二、滞后事项（按责任单位）'),
          ...list(m.summary),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({ tableHeader: true, children: m.lateHeader.map((h) => cell(h, true)) }),
              ...m.lateRows.map((row) => new TableRow({ children: row.map((text) => cell(text)) })),
            ],
          }),
          heading('三、未解决的难点堵点'),
          ...list(m.blockers),
          heading('四、会议决定事项（督办）'),
          ...list(m.decisions),
          heading('五、在办督办事项'),
          ...list(m.orders),
        ],
      },
    ],
  })
  return Packer.toBuffer(doc)
}

/** The minutes as a PDF (A4, Noto Sans CJK as the briefing uses). */
export function minutesPdf(agenda: MeetingAgenda, fontFile: string, fontFace: string): Promise<Buffer> {
  const m = minutesContent(agenda)
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: m.title, Creator: 'Guatu 挂图' } })
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.registerFont('cjk', fontFile, fontFace)
  doc.font('cjk')
  doc.fontSize(18).text(m.title, { align: 'center' }).moveDown()
  doc.fontSize(10)
  for (const line of m.lines) doc.text(line)
  const section = (title: string, items: string[]) => {
    doc.moveDown().fontSize(13).text(title).fontSize(10)
    for (const item of items.length ? items : ['无']) doc.text(`· ${item}`)
  }
  section('一、上次例会以来的变化', m.changes)
  section('二、滞后事项（按责任单位）', [
    ...m.summary,
    ...m.lateRows.map((r) => `${r[0]} ${r[1]} ${r[2]}（计划 ${r[3]}，逾期 ${r[4]}）`),
  ])
  section('三、未解决的难点堵点', m.blockers)
  section('四、会议决定事项（督办）', m.decisions)
  section('五、在办督办事项', m.orders)
  doc.end()
  return done
}
