// The demo district's firms (亩均效益, 标准地, issue 18): the companies behind the projects that took land, and the
// local firms on the parcels already producing, with three years of indicators (2023–2025) and the commitments of
// their land sales. Deterministic (own random stream), and derived from the district without changing it: every
// figure the district reproduces stays as it was.
import type { Sector } from '../../server/domain/vocabulary'
import { type DemoDistrict, type DemoParcel, mulberry32, type Rng } from './generate'

export interface DemoFirmYear {
  year: number
  tax_wan: number | null
  output_wan: number | null
  energy_tce: number | null
  employees: number | null
  rd_wan: number | null
}
export interface DemoCommitment {
  parcel_code: string
  /** index into district.projects, when the sale was a project's */
  project_index: number | null
  sold_on: string
  investment_wan_per_mu: number
  output_wan_per_mu: number
  tax_wan_per_mu: number
  far_min: number
  start_by: string
  complete_by: string
  output_from_year: number
  started_on: string | null
  completed_on: string | null
  invested_wan: number | null
  built_far: number | null
}
export interface DemoFirm {
  name: string
  credit_code: string
  sector: Sector
  parcel_codes: string[]
  project_indices: number[]
  indicators: DemoFirmYear[]
  commitments: DemoCommitment[]
}

export const DEMO_FIRM_YEARS = [2023, 2024, 2025] as const

const DAY_MS = 86_400_000
const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1))
const between = (rng: Rng, lo: number, hi: number): number => lo + rng() * (hi - lo)
const r2 = (v: number): number => Math.round(v * 100) / 100
const r0 = (v: number): number => Math.round(v)

/** Area of a WGS84 ring near the district (22.55°N) in 亩, planar approximation: for scaling demo figures only. */
function ringMu(ring: number[][]): number {
  const lat = (22.55 * Math.PI) / 180
  const mx = 111412.84 * Math.cos(lat)
  const my = 110574
  let s = 0
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i] as number[]
    const b = ring[i + 1] as number[]
    s += (a[0] as number) * mx * (b[1] as number) * my - (b[0] as number) * mx * (a[1] as number) * my
  }
  return Math.abs(s / 2) / (10000 / 15)
}
const parcelMu = (p: DemoParcel): number =>
  p.geometry.coordinates.reduce((sum, poly) => sum + ringMu(poly[0] ?? []), 0)

function contains(p: DemoParcel, [x, y]: [number, number]): boolean {
  const ring = p.geometry.coordinates[0]?.[0] ?? []
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] as number[]
    const [xj = 0, yj = 0] = ring[j] as number[]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

const LOCAL_HEADS = [...'粤珠港湾南华海金宝永']
const LOCAL_TAILS = [...'兴达美丰盛隆富通利源']
const LOCAL_KINDS: { sector: Sector; suffix: string }[] = [
  { sector: 'traditional_manufacturing', suffix: '五金制品有限公司' },
  { sector: 'traditional_manufacturing', suffix: '电器有限公司' },
  { sector: 'traditional_manufacturing', suffix: '鞋业有限公司' },
  { sector: 'new_materials', suffix: '塑胶科技有限公司' },
  { sector: 'intelligent_manufacturing', suffix: '精密机械有限公司' },
  { sector: 'optoelectronics', suffix: '照明科技有限公司' },
  { sector: 'automotive', suffix: '汽配有限公司' },
  { sector: 'biomedicine', suffix: '医疗器械有限公司' },
]
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'

function creditCode(rng: Rng): string {
  let s = '914404'
  while (s.length < 18) s += CODE_CHARS[int(rng, 0, CODE_CHARS.length - 1)]
  return s
}

/** A sum of uniforms: roughly normal, mean 0, sd ≈ 1. */
const gauss = (rng: Rng): number => (rng() + rng() + rng() + rng() - 2) * 1.7

/**
 * Three years of figures for a producing firm on `mu` 亩: its level `q` (1 = the zone's typical firm) sets tax
 * per mu around 18 万元 × q, output per mu 12–25 × tax, energy 0.02–0.10 tce per 万元 of output, R&D 0.5–6 % of output.
 */
function producingYears(rng: Rng, mu: number, q: number, years: readonly number[]): DemoFirmYear[] {
  const taxPerMu = 18 * q
  const outputPerMu = taxPerMu * between(rng, 12, 25)
  const energyPerTenK = between(rng, 0.02, 0.1)
  const rdShare = Math.min(0.08, Math.max(0.004, 0.012 * q * between(rng, 0.6, 1.8)))
  const employeesPerMu = between(rng, 1.2, 5)
  const growth = between(rng, 0.92, 1.14)
  return years.map((year, i) => {
    const k = growth ** (i - years.length + 1) * between(rng, 0.96, 1.04)
    const output = outputPerMu * mu * k
    return {
      year,
      tax_wan: r2(taxPerMu * mu * k * between(rng, 0.95, 1.05)),
      output_wan: r2(output),
      energy_tce: r2(output * energyPerTenK),
      employees: r0(employeesPerMu * mu * between(rng, 0.97, 1.03)),
      rd_wan: r2(output * rdShare),
    }
  })
}

const MIN_PER_MU = (years: DemoFirmYear[], mu: number, key: 'tax_wan' | 'output_wan') =>
  Math.min(...years.map((y) => (y[key] ?? 0) / mu))
const MAX_PER_MU = (years: DemoFirmYear[], mu: number, key: 'tax_wan' | 'output_wan') =>
  Math.max(...years.map((y) => (y[key] ?? 0) / mu))

/**
 * The firms of the demo district: one per company whose project took land (land acquired, construction, in
 * production) — an expansion on its existing site uses the producing parcel under its location — and one local
 * firm per producing parcel that no project names. Firms producing before 2025 report 2023–2025 (a few leave a
 * figure blank); the others report nothing yet. Every project sale of land carries a 标准地 commitment, and a third
 * of the local firms bought theirs as 标准地 in 2019–2021, so their output and tax per mu are checked each year.
 */
export function generateDemoFirms(district: DemoDistrict): DemoFirm[] {
  const rng = mulberry32(18)
  const byCode = new Map(district.parcels.map((p) => [p.code, p]))
  const producing = district.parcels.filter((p) => p.status === 'in_production')
  const used = new Set<string>()
  const firms: DemoFirm[] = []
  const byName = new Map<string, DemoFirm>()
  const takenCodes = new Set<string>()
  const newCode = () => {
    let code = creditCode(rng)
    while (takenCodes.has(code)) code = creditCode(rng)
    takenCodes.add(code)
    return code
  }

  district.projects.forEach((project, index) => {
    if (!['land_acquired', 'construction', 'in_production'].includes(project.stage)) return
    let firm = byName.get(project.company)
    if (!firm) {
      firm = {
        name: project.company,
        credit_code: newCode(),
        sector: project.sector,
        parcel_codes: [],
        project_indices: [],
        indicators: [],
        commitments: [],
      }
      byName.set(firm.name, firm)
      firms.push(firm)
    }
    firm.project_indices.push(index)
    const site =
      project.parcel_code ??
      (project.location
        ? producing.find((p) => !used.has(p.code) && contains(p, project.location as [number, number]))?.code
        : undefined)
    if (site && !used.has(site)) {
      used.add(site)
      firm.parcel_codes.push(site)
    }
  })

  for (const parcel of producing) {
    if (used.has(parcel.code) || !['M0', 'M1', 'M2', 'W'].includes(parcel.land_use)) continue
    const kind = LOCAL_KINDS[int(rng, 0, LOCAL_KINDS.length - 1)] as (typeof LOCAL_KINDS)[number]
    let name = ''
    for (let tries = 0; !name || byName.has(name); tries++) {
      const head = LOCAL_HEADS[int(rng, 0, LOCAL_HEADS.length - 1)] as string
      const tail = LOCAL_TAILS[int(rng, 0, LOCAL_TAILS.length - 1)] as string
      name = `${head}${tail}${tries > 5 ? LOCAL_TAILS[tries % LOCAL_TAILS.length] : ''}${kind.suffix}`
    }
    const firm: DemoFirm = {
      name,
      credit_code: newCode(),
      sector: parcel.land_use === 'W' ? 'services' : kind.sector,
      parcel_codes: [parcel.code],
      project_indices: [],
      indicators: [],
      commitments: [],
    }
    used.add(parcel.code)
    byName.set(name, firm)
    firms.push(firm)
  }

  for (const firm of firms) {
    const parcels = firm.parcel_codes.map((c) => byCode.get(c) as DemoParcel)
    const producingMu = parcels
      .filter((p) => p.status === 'in_production')
      .reduce((s, p) => s + parcelMu(p), 0)
    const all = parcels.reduce((s, p) => s + parcelMu(p), 0)
    // producing since: a local firm always; a new firm from the year after it went into production
    const started = firm.project_indices
      .map((i) => district.projects[i]?.stage_history.find((h) => h.stage === 'in_production')?.entered_on)
      .find((d): d is string => !!d)
    const local = firm.project_indices.every((i) => district.projects[i]?.kind === 'expansion')
    const fromYear = started && !local ? Number(started.slice(0, 4)) + 1 : 2023
    const years = DEMO_FIRM_YEARS.filter((y) => y >= fromYear)
    if (producingMu > 0 && years.length > 0) {
      const q = Math.exp(0.55 * gauss(rng))
      firm.indicators = producingYears(rng, all, q, years)
      // a few forget a figure in the latest year: not graded, with the reason
      const last = firm.indicators.at(-1)
      if (last && rng() < 0.05) last.energy_tce = null
    }
  }

  // 标准地 commitments: every land sale of a project, and a third of the local firms' older sales
  let completedSales = 0
  let localSales = 0
  district.projects.forEach((project, index) => {
    if (!project.parcel_code || !project.landed_on) return
    if (!['land_acquired', 'construction', 'in_production'].includes(project.stage)) return
    const firm = byName.get(project.company)
    const parcel = byCode.get(project.parcel_code)
    if (!firm || !parcel) return
    const soldOn = project.landed_on
    const startBy = addDays(soldOn, pickOf(rng, [180, 270, 300, 365]))
    const completeBy = addDays(startBy, pickOf(rng, [450, 540, 720]))
    const started = project.stage_history.find((h) => h.stage === 'construction')?.entered_on ?? null
    const completed = project.stage_history.find((h) => h.stage === 'in_production')?.entered_on ?? null
    const mu = parcelMu(parcel)
    const intensity = parcel.land_use === 'M0' ? int(rng, 40, 60) * 10 : int(rng, 30, 45) * 10
    const farMin = parcel.far_min ?? 1.2
    // one completed project in three built less, or invested less, than it promised
    const underBuilt = completed !== null && completedSales++ % 3 === 1
    firm.commitments.push({
      parcel_code: parcel.code,
      project_index: index,
      sold_on: soldOn,
      investment_wan_per_mu: intensity,
      output_wan_per_mu: int(rng, 40, 80) * 10,
      tax_wan_per_mu: int(rng, 15, 35),
      far_min: farMin,
      start_by: startBy,
      complete_by: completeBy,
      output_from_year: Number(completeBy.slice(0, 4)) + 1,
      started_on: started,
      completed_on: completed,
      // at completion: most invest what they promised, some fall short
      invested_wan: completed
        ? r2(intensity * mu * (underBuilt ? between(rng, 0.6, 0.85) : between(rng, 1.02, 1.3)))
        : null,
      built_far: completed
        ? r2(underBuilt ? farMin * between(rng, 0.7, 0.9) : farMin * between(rng, 1.05, 1.4))
        : null,
    })
  })
  for (const firm of firms) {
    if (firm.project_indices.length > 0 || firm.indicators.length < DEMO_FIRM_YEARS.length) continue
    if (rng() >= 0.33) continue
    const parcel = byCode.get(firm.parcel_codes[0] as string) as DemoParcel
    const mu = parcelMu(parcel)
    const soldOn = `${int(rng, 2019, 2020)}-${String(int(rng, 1, 12)).padStart(2, '0')}-${String(int(rng, 1, 28)).padStart(2, '0')}`
    const startBy = addDays(soldOn, 180)
    const completeBy = addDays(startBy, 540)
    // most committed what they now exceed; one in four promised more than it yields
    const short = localSales++ % 4 === 2
    const factor = short ? between(rng, 1.12, 1.4) : between(rng, 0.6, 0.9)
    const per = short ? MAX_PER_MU : MIN_PER_MU
    const intensity = int(rng, 25, 40) * 10
    const farMin = parcel.far_min ?? 1.2
    firm.commitments.push({
      parcel_code: parcel.code,
      project_index: null,
      sold_on: soldOn,
      investment_wan_per_mu: intensity,
      output_wan_per_mu: Math.round(per(firm.indicators, mu, 'output_wan') * factor),
      tax_wan_per_mu: Math.round(per(firm.indicators, mu, 'tax_wan') * factor),
      far_min: farMin,
      start_by: startBy,
      complete_by: completeBy,
      output_from_year: Math.max(2023, Number(completeBy.slice(0, 4)) + 1),
      started_on: addDays(soldOn, int(rng, 60, 170)),
      completed_on: addDays(startBy, int(rng, 300, 520)),
      invested_wan: r2(intensity * mu * between(rng, 1.05, 1.4)),
      built_far: r2(farMin * between(rng, 1.05, 1.3)),
    })
  }
  return firms
}

function pickOf<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T
}
