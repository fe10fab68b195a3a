import { ESCALATION_LABELS, type EscalationLevel } from './escalation'

/** One reminder: what the notification centre shows, and the subject and body of its e-mail. zh-CN (the zone's). */
export interface ReminderText {
  title: string
  body: string
}

const ORDER_STEP: Record<string, string> = {
  respond: '已答复',
  done: '已报办结',
  accept: '已验收办结',
  return: '已退回重办',
}

/**
 * A new supervision order, for the users of its department. Example: title 「督办：GX-2026-0174 清表」, body with the
 * instructions, the due date and who issued it.
 */
export function orderIssuedText(order: {
  id: number
  title: string
  instructions: string
  due_on: string
  department: string
  issued_by: string
  kind?: 'supervision' | 'inspection'
}): ReminderText {
  if (order.kind === 'inspection') {
    return {
      title: `【巡查任务】${order.title}`,
      body: [
        `${order.department}：`,
        order.issued_by === 'system'
          ? `系统为「${order.title}」生成巡查任务（第 ${order.id} 号）。`
          : `领导 ${order.issued_by} 对「${order.title}」下发巡查任务（第 ${order.id} 号）。`,
        `巡查要求：${order.instructions}`,
        `完成期限：${order.due_on}`,
        '请到现场记录巡查（结论、照片、位置），再在「我的任务」中报办结。',
      ].join('\n'),
    }
  }
  return {
    title: `【督办】${order.title}`,
    body: [
      `${order.department}：`,
      `领导 ${order.issued_by} 对「${order.title}」下发督办（第 ${order.id} 号）。`,
      `督办要求：${order.instructions}`,
      `办结期限：${order.due_on}`,
      '请及时答复办理进展，办结后在「我的任务」中报办结。',
    ].join('\n'),
  }
}

/** A step of an order, for the other side (the issuer when the department acts, the department when the leader does). */
export function orderStepText(
  order: { id: number; title: string; department: string },
  action: string,
  by: string,
  note: string | null,
): ReminderText {
  const what = ORDER_STEP[action] ?? action
  return {
    title: `【督办】${order.title} ${what}`,
    body: [
      `督办事项第 ${order.id} 号「${order.title}」（${order.department}）${what}，操作人：${by}。`,
      ...(note ? [`说明：${note}`] : []),
    ].join('\n'),
  }
}

/** An item that turned red (红牌), for its department and the leaders. */
export function redCardText(item: {
  title: string
  department: string | null
  due_on: string
  days_late: number
}): ReminderText {
  return {
    title: `【红牌】${item.title}`,
    body: [
      `「${item.title}」已亮${ESCALATION_LABELS.red['zh-CN']}：计划 ${item.due_on} 完成，已逾期 ${item.days_late} 天。`,
      `责任单位：${item.department ?? '未指定'}。请立即组织推进并报告进展。`,
    ].join('\n'),
  }
}

export interface DigestLine {
  title: string
  due_on: string
  days_late: number
  level: EscalationLevel
}

/**
 * The daily digest of one user: their department's open orders and late items, worst first. Null when there is
 * nothing to tell (no mail is sent then).
 */
export function digestText(
  day: string,
  department: string,
  orders: readonly { id: number; title: string; due_on: string; days_late: number }[],
  late: readonly DigestLine[],
): ReminderText | null {
  if (orders.length === 0 && late.length === 0) return null
  const lateLine = (l: DigestLine) =>
    `· ${ESCALATION_LABELS[l.level]['zh-CN']} ${l.title}（计划 ${l.due_on}，逾期 ${l.days_late} 天）`
  const orderLine = (o: (typeof orders)[number]) =>
    `· 第 ${o.id} 号 ${o.title}（期限 ${o.due_on}${o.days_late > 0 ? `，逾期 ${o.days_late} 天` : ''}）`
  return {
    title: `【每日提醒】${department} ${day}：督办 ${orders.length} 项，滞后 ${late.length} 项`,
    body: [
      `${department} ${day} 每日提醒`,
      '',
      `待办督办事项（${orders.length}）：`,
      ...orders.map(orderLine),
      '',
      `滞后事项（${late.length}）：`,
      ...late.map(lateLine),
    ].join('\n'),
  }
}

/** The JSON a WeCom (企业微信) or DingTalk (钉钉) group robot accepts: a text message. */
export function robotMessage(text: ReminderText) {
  return { msgtype: 'text', text: { content: `${text.title}\n${text.body}` } }
}
