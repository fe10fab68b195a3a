import type { Queryable } from '../../server/db/pool'

type Visit = {
  kind: 'visit' | 'talk'
  daysAgo: number
  who: string
  what: string
  next: string
  nextIn: number
}

// what a manager's records of a project in talks (洽谈) or signed (签约) look like: a visit, then talks, each
// with the next action agreed; nextIn is counted from today, so a negative one is a next action past its date
const NEGOTIATING: Visit[][] = [
  [
    {
      kind: 'visit',
      daysAgo: 75,
      who: '招商局、企业投资总监',
      what: '走访企业总部，介绍园区产业政策与可供地块',
      next: '提供三块备选地块资料',
      nextIn: -60,
    },
    {
      kind: 'talk',
      daysAgo: 32,
      who: '企业投资总监、财务负责人',
      what: '洽谈用地规模与分期投资计划，企业倾向一期80亩',
      next: '报送项目可行性研究报告',
      nextIn: -12,
    },
  ],
  [
    {
      kind: 'talk',
      daysAgo: 40,
      who: '企业董事长',
      what: '视频洽谈扩产方案，企业关注用电容量与配套道路',
      next: '协调供电局出具供电方案',
      nextIn: -6,
    },
  ],
  [
    {
      kind: 'visit',
      daysAgo: 50,
      who: '分管区领导、招商局',
      what: '陪同企业考察园区标准厂房与在建道路',
      next: '约定第二轮洽谈时间',
      nextIn: -35,
    },
    {
      kind: 'talk',
      daysAgo: 9,
      who: '企业总经理',
      what: '第二轮洽谈，确认亩均投资与税收承诺',
      next: '起草投资协议初稿',
      nextIn: 12,
    },
  ],
  [
    {
      kind: 'talk',
      daysAgo: 21,
      who: '企业项目经理',
      what: '沟通环评与能评前置要求',
      next: '组织环评预审会',
      nextIn: -2,
    },
  ],
]
const SIGNED: Visit[][] = [
  [
    {
      kind: 'visit',
      daysAgo: 30,
      who: '招商局、自然资源分局',
      what: '协议签订后回访，核对用地红线与挂牌时间',
      next: '提交供地申请材料',
      nextIn: -9,
    },
  ],
  [
    {
      kind: 'talk',
      daysAgo: 14,
      who: '企业基建负责人',
      what: '沟通土地摘牌与施工图设计进度',
      next: '参加土地挂牌出让',
      nextIn: 20,
    },
  ],
  [
    {
      kind: 'visit',
      daysAgo: 45,
      who: '招商局、建设局',
      what: '现场踏勘，企业希望提前进场平整',
      next: '答复提前进场申请',
      nextIn: -25,
    },
  ],
  [
    {
      kind: 'talk',
      daysAgo: 6,
      who: '企业财务总监',
      what: '核对首期注册资本到位计划',
      next: '复核注册资本到位情况',
      nextIn: 25,
    },
  ],
]

/**
 * A handful of follow-up records (走访 / 洽谈) on the first projects in talks and signed, by their managers: some
 * latest next actions are past their date, so the managers have late follow-ups on the leaders' chart.
 * Written after the orders, so the orders picked from the late items stay as they were.
 */
export async function loadDemoFollowUps(db: Queryable, today: string) {
  const rows: (Visit & { project_id: number })[] = []
  for (const [stage, plans] of [
    ['negotiating', NEGOTIATING],
    ['signed', SIGNED],
  ] as const) {
    const { rows: projects } = await db.query<{ id: number }>(
      'select id from projects where stage = $1 order by id limit $2',
      [stage, plans.length],
    )
    projects.forEach((project, i) => {
      for (const visit of plans[i] ?? []) rows.push({ ...visit, project_id: project.id })
    })
  }
  await db.query(
    `insert into project_follow_ups (project_id, kind, happened_on, who, what, next_action, next_on, actor)
     select x.project_id, x.kind, $2::date - x."daysAgo", x.who, x.what, x.next, $2::date + x."nextIn", 'demo'
     from jsonb_to_recordset($1::jsonb) as x(project_id bigint, kind text, "daysAgo" int, who text, what text,
       next text, "nextIn" int)`,
    [JSON.stringify(rows), today],
  )
}
