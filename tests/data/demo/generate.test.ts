import { area } from '@turf/area'
import { describe, expect, it } from 'vitest'
import {
  DEMO_YEAR,
  type DemoParcel,
  type DemoProject,
  generateDemoDistrict,
} from '../../../data/demo/generate'
import { m2ToMu, wanToYi } from '../../../server/domain/units'
import {
  LANDED_STAGES,
  MILESTONE_KINDS,
  PARCEL_STATUSES,
  PROJECT_STAGES,
  type ProjectStage,
  SECTORS,
} from '../../../server/domain/vocabulary'

const district = generateDemoDistrict()
const { parcels, projects, infrastructure, today } = district
const inWindow = (date: string | null) => date !== null && date >= '2026-01-01' && date <= '2026-04-30'
const isDate = (d: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d)

// the dashboard's definitions, as documented at the top of data/demo/generate.ts
const signedInWindow = projects.filter((p) => inWindow(p.signed_on) && p.stage !== 'dropped')
const expansionsLanded = projects.filter(
  (p) => p.kind === 'expansion' && inWindow(p.landed_on) && LANDED_STAGES.includes(p.stage),
)

// ---- planar helpers in metres around the district centre, for the geometry checks ----
type Pt = [number, number]
const M_LAT = 110_740
const M_LON = 102_860
const pointToMetres = (p: number[]): Pt => [
  ((p[0] as number) - 113.45) * M_LON,
  ((p[1] as number) - 22.55) * M_LAT,
]
/** An open ring in metres from a closed lon/lat ring. */
const toMetres = (ring: number[][]): Pt[] => ring.slice(0, -1).map(pointToMetres)
const ringOf = (p: DemoParcel): number[][] => p.geometry.coordinates[0]?.[0] as number[][]
const cross = (o: Pt, a: Pt, b: Pt) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
const len = (a: Pt, b: Pt) => Math.hypot(a[0] - b[0], a[1] - b[1])
/** Distance of c from the line ab, signed (positive to the left). */
const side = (a: Pt, b: Pt, c: Pt) => cross(a, b, c) / len(a, b)
const edges = (ring: Pt[]): [Pt, Pt][] => ring.map((p, i) => [p, ring[(i + 1) % ring.length] as Pt])

function segmentsTouch([a, b]: [Pt, Pt], [c, d]: [Pt, Pt]): boolean {
  const d1 = cross(a, b, c)
  const d2 = cross(a, b, d)
  const d3 = cross(c, d, a)
  const d4 = cross(c, d, b)
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true
  const within = (p: Pt, q: Pt, r: Pt) =>
    Math.min(p[0], q[0]) <= r[0] &&
    r[0] <= Math.max(p[0], q[0]) &&
    Math.min(p[1], q[1]) <= r[1] &&
    r[1] <= Math.max(p[1], q[1])
  return (
    (d1 === 0 && within(a, b, c)) ||
    (d2 === 0 && within(a, b, d)) ||
    (d3 === 0 && within(c, d, a)) ||
    (d4 === 0 && within(c, d, b))
  )
}

/** Segments cross at a point inside both, by more than `tol` metres on each side (touching does not count). */
function segmentsCross([a, b]: [Pt, Pt], [c, d]: [Pt, Pt], tol: number): boolean {
  const opposite = (u: number, v: number) => (u > tol && v < -tol) || (u < -tol && v > tol)
  return opposite(side(a, b, c), side(a, b, d)) && opposite(side(c, d, a), side(c, d, b))
}

function pointInRing(p: Pt, ring: Pt[]): boolean {
  let inside = false
  for (const [a, b] of edges(ring)) {
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0])
      inside = !inside
  }
  return inside
}

function distanceToBoundary(p: Pt, ring: Pt[]): number {
  return Math.min(
    ...edges(ring).map(([a, b]) => {
      const t = Math.max(
        0,
        Math.min(1, ((p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1])) / len(a, b) ** 2),
      )
      return len(p, [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])])
    }),
  )
}

const strictlyInside = (p: Pt, ring: Pt[], tol: number) =>
  pointInRing(p, ring) && distanceToBoundary(p, ring) > tol

/** Some point well inside the ring: the vertex mean, or the centre of a vertex's corner triangle. */
function innerPoint(ring: Pt[]): Pt {
  const mean: Pt = [
    ring.reduce((s, p) => s + p[0], 0) / ring.length,
    ring.reduce((s, p) => s + p[1], 0) / ring.length,
  ]
  const corners = ring.map((p, i): Pt => {
    const a = ring[(i + ring.length - 1) % ring.length] as Pt
    const b = ring[(i + 1) % ring.length] as Pt
    return [(a[0] + p[0] + b[0]) / 3, (a[1] + p[1] + b[1]) / 3]
  })
  return [mean, ...corners].find((c) => strictlyInside(c, ring, 1)) ?? mean
}

/** Interiors overlap: boundaries cross, or a vertex or an inner point of one lies inside the other. */
function overlaps(p: Pt[], q: Pt[]): boolean {
  const tol = 0.001 // metres: neighbours share their boundary vertices exactly, so 1 mm is room enough
  if (edges(p).some((e) => edges(q).some((f) => segmentsCross(e, f, tol)))) return true
  if (q.some((v) => strictlyInside(v, p, tol)) || p.some((v) => strictlyInside(v, q, tol))) return true
  return strictlyInside(innerPoint(p), q, tol) || strictlyInside(innerPoint(q), p, tol)
}

const bboxOf = (ring: Pt[]) => [
  Math.min(...ring.map((p) => p[0])),
  Math.min(...ring.map((p) => p[1])),
  Math.max(...ring.map((p) => p[0])),
  Math.max(...ring.map((p) => p[1])),
]

describe('generateDemoDistrict', () => {
  it('reproduces 47 projects signed in January–April for 95.43 亿元', () => {
    expect(signedInWindow).toHaveLength(47)
    const total = signedInWindow.reduce((s, p) => s + p.investment_wan, 0)
    expect(total).toBe(954300)
    expect(wanToYi(total)).toBe(95.43)
  })

  it('has 2 signed projects of 10 亿元 or more and 16 of 1 亿元 or more', () => {
    expect(signedInWindow.filter((p) => p.investment_wan >= 100000)).toHaveLength(2)
    expect(signedInWindow.filter((p) => p.investment_wan >= 10000)).toHaveLength(16)
  })

  it('excludes a dropped project signed in the window from the signed figure', () => {
    const dropped = projects.filter((p) => p.stage === 'dropped' && inWindow(p.signed_on))
    expect(dropped.length).toBeGreaterThan(0)
  })

  it('reproduces 26 expansions landed in January–April, one of them the 华利 headquarters', () => {
    expect(expansionsLanded).toHaveLength(26)
    const hq = expansionsLanded.filter((p) => p.is_headquarters)
    expect(hq).toHaveLength(1)
    expect(hq[0]?.company.startsWith('华利')).toBe(true)
    expect(hq[0]?.name).toContain('华利总部')
    expect(projects.filter((p) => p.is_headquarters)).toHaveLength(1)
  })

  it('counts some landed expansions among the 47 signed and some signed in 2025', () => {
    const both = expansionsLanded.filter((p) => signedInWindow.includes(p))
    expect(both.length).toBeGreaterThan(0)
    expect(both.length).toBeLessThan(26)
  })

  it('returns deep-equal data on every call', () => {
    expect(generateDemoDistrict()).toEqual(district)
  })

  it('describes a live zone on 2026-11-28 with counts in range', () => {
    expect(district.demo_year).toBe(DEMO_YEAR)
    expect(today).toBe('2026-11-28')
    expect(parcels.length).toBeGreaterThanOrEqual(400)
    expect(parcels.length).toBeLessThanOrEqual(800)
    expect(projects.length).toBeGreaterThanOrEqual(100)
    expect(projects.length).toBeLessThanOrEqual(140)
    expect(infrastructure.length).toBeGreaterThanOrEqual(40)
    expect(infrastructure.length).toBeLessThanOrEqual(80)
    const [w, s, e, n] = district.bbox
    expect((w + e) / 2).toBeCloseTo(113.45, 1)
    expect((s + n) / 2).toBeCloseTo(22.55, 1)
  })

  it('has parcels in all 9 statuses, projects in all stages and sectors', () => {
    expect(new Set(parcels.map((p) => p.status))).toEqual(new Set(PARCEL_STATUSES))
    expect(new Set(projects.map((p) => p.stage))).toEqual(new Set(PROJECT_STAGES))
    expect(new Set(projects.map((p) => p.sector))).toEqual(new Set(SECTORS))
  })

  it('gives parcels unique GX-2026-nnnn codes', () => {
    expect(new Set(parcels.map((p) => p.code)).size).toBe(parcels.length)
    for (const p of parcels) expect(p.code).toMatch(/^GX-2026-\d{4}$/)
  })

  it('draws every parcel as one closed, counter-clockwise, simple ring of 10 to 300 mu', () => {
    for (const p of parcels) {
      expect(p.geometry.coordinates).toHaveLength(1)
      const ll = ringOf(p)
      expect(ll.length).toBeGreaterThanOrEqual(5)
      expect(ll[0]).toEqual(ll[ll.length - 1])
      const ring = toMetres(ll)
      for (const [a, b] of edges(ring)) expect(len(a, b)).toBeGreaterThan(1)
      const signedArea =
        ring.reduce((s, v, i) => s + cross([0, 0], v, ring[(i + 1) % ring.length] as Pt), 0) / 2
      expect(signedArea).toBeGreaterThan(0)
      const es = edges(ring)
      es.forEach((e, i) => {
        for (let j = i + 2; j < es.length; j++) {
          if (i === 0 && j === es.length - 1) continue // neighbours through the closing vertex
          expect(segmentsTouch(e, es[j] as [Pt, Pt]), `${p.code} edges ${i} and ${j}`).toBe(false)
        }
      })
      const mu = m2ToMu(area({ type: 'Polygon', coordinates: [ll] }))
      expect(mu).toBeGreaterThan(9.5)
      expect(mu).toBeLessThan(300)
    }
  })

  it('has no two parcels overlapping', () => {
    const rings = parcels.map((p) => toMetres(ringOf(p)))
    const boxes = rings.map(bboxOf)
    let pairs = 0
    for (let i = 0; i < rings.length; i++) {
      const a = boxes[i] as number[]
      for (let j = i + 1; j < rings.length; j++) {
        const b = boxes[j] as number[]
        if ((a[2] as number) < (b[0] as number) || (b[2] as number) < (a[0] as number)) continue
        if ((a[3] as number) < (b[1] as number) || (b[3] as number) < (a[1] as number)) continue
        pairs++
        expect(
          overlaps(rings[i] as Pt[], rings[j] as Pt[]),
          `${parcels[i]?.code} × ${parcels[j]?.code}`,
        ).toBe(false)
      }
    }
    expect(pairs).toBeGreaterThan(parcels.length) // neighbours were actually compared
  })

  it('schedules all 8 milestones in order, with actual dates only in the past and in sequence', () => {
    for (const p of parcels) {
      expect(p.milestones.map((m) => m.kind)).toEqual([...MILESTONE_KINDS])
      expect(p.target_on).toBe(p.milestones[7]?.planned_on)
      let lastActual = ''
      for (const m of p.milestones) {
        if (m.planned_on) expect(isDate(m.planned_on)).toBe(true)
        if (m.actual_on) {
          expect(m.actual_on <= today).toBe(true)
          expect(m.actual_on >= lastActual).toBe(true)
          lastActual = m.actual_on
        }
      }
      const done = p.milestones.filter((m) => m.actual_on).length
      expect(p.milestones.slice(0, done).every((m) => m.actual_on)).toBe(true)
    }
  })

  it('has 10–20 % of the parcels not yet available late, with targets from 2026-06 to 2028-06', () => {
    const early = parcels.filter((p) => ['planned', 'acquiring', 'clearing', 'servicing'].includes(p.status))
    const late = early.filter((p) =>
      p.milestones.some((m) => !m.actual_on && (m.planned_on as string) < today),
    )
    expect(late.length / early.length).toBeGreaterThanOrEqual(0.1)
    expect(late.length / early.length).toBeLessThanOrEqual(0.2)
    for (const p of early) {
      expect(p.target_on).not.toBeNull()
      expect((p.target_on as string) >= '2026-06-01' && (p.target_on as string) <= '2028-06-30').toBe(true)
    }
  })

  it('links projects and parcels consistently both ways', () => {
    const byCode = new Map(parcels.map((p) => [p.code, p]))
    const statusFor: Partial<Record<ProjectStage, string>> = {
      signed: 'reserved',
      land_acquired: 'transferred',
      construction: 'under_construction',
      in_production: 'in_production',
    }
    const linked = projects.filter((p) => p.parcel_code)
    expect(new Set(linked.map((p) => p.parcel_code)).size).toBe(linked.length)
    for (const project of linked) {
      const parcel = byCode.get(project.parcel_code as string)
      expect(parcel, project.name).toBeDefined()
      expect(parcel?.status).toBe(statusFor[project.stage])
      expect(project.location).not.toBeNull()
      expect(
        pointInRing(pointToMetres(project.location as number[]), toMetres(ringOf(parcel as DemoParcel))),
      ).toBe(true)
      expect(project.needs.land_use).toContain(parcel?.land_use)
    }
    const reserved = parcels.filter((p) => p.status === 'reserved')
    expect(reserved.length).toBeGreaterThan(0)
    for (const p of reserved) expect(linked.some((project) => project.parcel_code === p.code)).toBe(true)
    for (const p of projects.filter((x) => ['lead', 'negotiating', 'dropped'].includes(x.stage))) {
      expect(p.parcel_code).toBeNull()
    }
  })

  it('places expansions on an existing site inside the zone when they have no new parcel', () => {
    const rings = parcels.map((p) => toMetres(ringOf(p)))
    const onSite = projects.filter((p) => p.kind === 'expansion' && !p.parcel_code && p.location)
    expect(onSite.length).toBeGreaterThan(0)
    for (const p of onSite) {
      const pt = pointToMetres(p.location as number[])
      expect(rings.some((r) => pointInRing(pt, r))).toBe(true)
    }
  })

  it('keeps stage history consistent with the stage, signed_on and landed_on', () => {
    for (const p of projects) {
      const h = p.stage_history
      expect(h[0]).toMatchObject({ stage: 'lead', entered_on: p.lead_on })
      expect(h[h.length - 1]?.stage).toBe(p.stage)
      h.forEach((s, i) => {
        expect(isDate(s.entered_on)).toBe(true)
        expect(s.entered_on <= today).toBe(true)
        if (i > 0) expect(s.entered_on >= (h[i - 1]?.entered_on as string)).toBe(true)
      })
      expect(h.find((s) => s.stage === 'signed')?.entered_on ?? null).toBe(p.signed_on)
      expect(h.find((s) => s.stage === 'land_acquired')?.entered_on ?? null).toBe(p.landed_on)
      if (p.signed_on && p.landed_on) expect(p.signed_on <= p.landed_on).toBe(true)
      if (LANDED_STAGES.includes(p.stage)) expect(p.landed_on).not.toBeNull()
      if (p.stage === 'lead' || p.stage === 'negotiating') expect(p.signed_on).toBeNull()
      expect(p.dropped_reason !== null).toBe(p.stage === 'dropped')
    }
  })

  it('fills project fields within the database constraints', () => {
    const check = (p: DemoProject) => {
      expect(
        Number.isInteger(p.investment_wan) && p.investment_wan >= 0 && p.investment_wan <= 100000000,
      ).toBe(true)
      const { area_mu_min: lo, area_mu_max: hi } = p.needs
      if (lo !== null) expect(lo).toBeGreaterThan(0)
      if (lo !== null && hi !== null) expect(lo).toBeLessThanOrEqual(hi)
      if (p.needs.power_kva !== null) expect(p.needs.power_kva).toBeGreaterThanOrEqual(0)
      expect(p.blockers.length).toBeLessThanOrEqual(3)
      for (const b of p.blockers) expect(b.status === 'resolved').toBe(b.resolution !== null)
    }
    projects.forEach(check)
    expect(new Set(projects.map((p) => p.manager)).size).toBeGreaterThanOrEqual(8)
    const overdue = projects
      .flatMap((p) => p.blockers)
      .filter((b) => b.status === 'open' && (b.due_on as string) < today)
    expect(overdue.length).toBeGreaterThan(0)
  })

  it('keeps infrastructure status, finish date and progress consistent', () => {
    for (const item of infrastructure) {
      expect(item.status === 'done').toBe(item.actual_finish !== null)
      if (item.status === 'done') expect(item.progress_pct).toBe(100)
      if (item.planned_start && item.planned_finish)
        expect(item.planned_start <= item.planned_finish).toBe(true)
      const pcts = item.progress.map((r) => r.progress_pct)
      for (let i = 1; i < pcts.length; i++) expect(pcts[i]).toBeGreaterThan(pcts[i - 1] as number)
      if (pcts.length > 0) expect(pcts[pcts.length - 1]).toBe(item.progress_pct)
      for (const r of item.progress) expect(r.reported_on <= today).toBe(true)
    }
    const substations = infrastructure.filter((i) => i.kind === 'substation')
    expect(substations.length).toBeGreaterThanOrEqual(3)
    expect(substations.length).toBeLessThanOrEqual(5)
    for (const s of substations) expect(s.capacity_kva).toBeGreaterThanOrEqual(50000)
    const late = infrastructure.filter((i) => i.status !== 'done' && (i.planned_finish as string) < today)
    expect(late.length).toBeGreaterThan(0)
  })
})
