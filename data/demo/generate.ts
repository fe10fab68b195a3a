/**
 * The demo district: a fictional development zone of about 6 km × 5 km around 113.45°E, 22.55°N, as the
 * command centre would see it on DEMO_TODAY. Pure and deterministic: every random choice comes from a seeded
 * mulberry32 stream, so two calls return deep-equal data.
 *
 * Figures the dashboard computes over January–April of DEMO_YEAR (both ends inclusive), reproduced exactly:
 *  - signed (签约): projects with signed_on in [2026-01-01, 2026-04-30] and stage ≠ 'dropped'
 *      → 47 projects, Σ investment_wan = 954300 (95.43 亿元);
 *        2 with investment_wan ≥ 100000 (≥ 10 亿元), 16 with investment_wan ≥ 10000 (≥ 1 亿元, the 2 included).
 *  - expansions landed (增资扩产落地): kind = 'expansion', landed_on in [2026-01-01, 2026-04-30] and stage in
 *    LANDED_STAGES (land_acquired, construction, in_production) → 26, one of them 华利总部 (is_headquarters).
 * They hold by construction: PROJECT_PLAN fixes, group by group, which stage and which signing and landing
 * window each project gets, and the 47 are drawn in three investment bands (≥10 亿, 1–10 亿, <1 亿) whose
 * amounts are then nudged, within their bands, to the exact total (fitToTotal). Every other group is dated
 * outside the windows (or is not an expansion, or is dropped), including edge cases on the window boundaries.
 *
 * Land readiness, as the stored forecast reads it on DEMO_TODAY with the default zone settings: 120 parcels done
 * (handed over), 380 on plan, 62 at risk, 41 late of 603; 60 days later 120 / 310 / 56 / 117 (nothing in the
 * data moves on by itself). It follows from the dates: assignFates decides per status, by quota, which parcels
 * have an overdue milestone (late) or a compressed plan (at risk now, in a month or in two), and servicing is
 * planned after the unfinished works within the serving distance, so that no parcel waits for them unplanned.
 *
 * Geometry is built in a local metric frame (x east, y north, metres from the centre) and converted to
 * WGS84 lon/lat with 6 decimals (≈ 0.1 m) at the end.
 */
import { DEFAULT_LAND_SETTINGS } from '../../server/domain/settings'
import { m2ToMu, muToM2 } from '../../server/domain/units'
import {
  type InfrastructureKind,
  type InfrastructureStatus,
  type LandUse,
  MILESTONE_KINDS,
  type MilestoneKind,
  PARCEL_STATUSES,
  type ParcelStatus,
  PROJECT_STAGES,
  type ProjectKind,
  type ProjectStage,
  SECTORS,
  type Sector,
} from '../../server/domain/vocabulary'

export interface DemoMilestone {
  kind: MilestoneKind
  planned_on: string | null
  actual_on: string | null
  owner: string | null
  note: string | null
}
export interface DemoParcel {
  code: string
  name: string
  land_use: LandUse
  status: ParcelStatus
  target_on: string | null
  far_min: number | null
  far_max: number | null
  geometry: { type: 'MultiPolygon'; coordinates: number[][][][] }
  milestones: DemoMilestone[]
}
export interface DemoStage {
  stage: ProjectStage
  entered_on: string
  note: string | null
}
export interface DemoBlocker {
  title: string
  owner: string
  due_on: string | null
  status: 'open' | 'in_progress' | 'resolved'
  resolution: string | null
}
export interface DemoProject {
  name: string
  company: string
  sector: Sector
  kind: ProjectKind
  stage: ProjectStage
  investment_wan: number
  lead_on: string
  signed_on: string | null
  landed_on: string | null
  dropped_reason: string | null
  source_city: string | null
  expected_jobs: number | null
  manager: string
  is_headquarters: boolean
  parcel_code: string | null
  location: [number, number] | null
  needs: {
    area_mu_min: number | null
    area_mu_max: number | null
    land_use: LandUse[] | null
    needed_by: string | null
    power_kva: number | null
  }
  stage_history: DemoStage[]
  blockers: DemoBlocker[]
}
export interface DemoProgress {
  reported_on: string
  progress_pct: number
  note: string | null
}
export interface DemoInfrastructure {
  kind: InfrastructureKind
  name: string
  status: InfrastructureStatus
  progress_pct: number
  planned_start: string | null
  planned_finish: string | null
  actual_finish: string | null
  capacity_kva: number | null
  owner: string
  // biome-ignore lint/suspicious/noExplicitAny: LineString, Point or Polygon coordinates
  geometry: { type: 'LineString' | 'Point' | 'Polygon'; coordinates: any }
  progress: DemoProgress[]
}
export interface DemoDistrict {
  name: string
  demo_year: number
  today: string
  bbox: [number, number, number, number]
  parcels: DemoParcel[]
  projects: DemoProject[]
  infrastructure: DemoInfrastructure[]
}

export const DEMO_YEAR = 2026
/** The demo's reference date: the data looks like a live zone on this day. */
export const DEMO_TODAY = '2026-11-28'
const TODAY = DEMO_TODAY
const WINDOW_FROM = '2026-01-01'
const WINDOW_TO = '2026-04-30'

// ---------- seeded randomness and dates ----------

export type Rng = () => number

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1))
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T
function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

const DAY_MS = 86_400_000
const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
const daysBetween = (a: string, b: string): number =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS)
const minDate = (a: string, b: string): string => (a <= b ? a : b)
const maxDate = (a: string, b: string): string => (a >= b ? a : b)
/** A random date in [from, to]; `from` when the range is empty. */
const dateIn = (rng: Rng, from: string, to: string): string =>
  addDays(from, int(rng, 0, Math.max(0, daysBetween(from, to))))

// ---------- planar geometry in metres ----------

type Pt = [number, number]
const sub = (a: Pt, b: Pt): Pt => [a[0] - b[0], a[1] - b[1]]
const add = (a: Pt, b: Pt): Pt => [a[0] + b[0], a[1] + b[1]]
const scale = (a: Pt, k: number): Pt => [a[0] * k, a[1] * k]
const dot = (a: Pt, b: Pt): number => a[0] * b[0] + a[1] * b[1]
const cross = (a: Pt, b: Pt): number => a[0] * b[1] - a[1] * b[0]
const dist = (a: Pt, b: Pt): number => Math.hypot(a[0] - b[0], a[1] - b[1])
const unit = (a: Pt): Pt => scale(a, 1 / Math.hypot(a[0], a[1]))
const at = <T>(ring: readonly T[], i: number): T => ring[((i % ring.length) + ring.length) % ring.length] as T

/** Signed shoelace area, positive for a counter-clockwise ring (open: no repeated closing point). */
function ringArea(ring: readonly Pt[]): number {
  let s = 0
  ring.forEach((p, i) => {
    s += cross(p, at(ring, i + 1))
  })
  return s / 2
}

function dedupe(ring: readonly Pt[]): Pt[] {
  const out = ring.filter((p, i) => dist(p, at(ring, i - 1)) > 1e-6)
  return out
}

/** The part of a convex ring where n·p ≤ c (Sutherland–Hodgman against one half-plane). */
function clipHalfPlane(ring: readonly Pt[], n: Pt, c: number): Pt[] {
  const out: Pt[] = []
  ring.forEach((p, i) => {
    const q = at(ring, i + 1)
    const fp = dot(n, p) - c
    const fq = dot(n, q) - c
    if (fp <= 0) out.push(p)
    // both halves compute the crossing from the same edge and the same t, so shared vertices are identical
    if ((fp < 0 && fq > 0) || (fp > 0 && fq < 0)) out.push(add(p, scale(sub(q, p), fp / (fp - fq))))
  })
  return dedupe(out)
}

/** Moves each edge of a convex CCW ring inwards by its own distance (roads of different widths). */
function insetRing(ring: readonly Pt[], distances: readonly number[]): Pt[] {
  const lines = ring.map((p, k) => {
    const d = unit(sub(at(ring, k + 1), p))
    return { p: add(p, scale([-d[1], d[0]], distances[k] ?? 0)), d }
  })
  return lines.map((b, k) => {
    const a = at(lines, k - 1)
    return add(a.p, scale(a.d, cross(sub(b.p, a.p), b.d) / cross(a.d, b.d)))
  })
}

function pointInRing(p: Pt, ring: readonly Pt[]): boolean {
  let inside = false
  ring.forEach((a, i) => {
    const b = at(ring, i - 1)
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0])
      inside = !inside
  })
  return inside
}

/** A point inside the ring: the area centroid when it is inside, else the centroid of the first ear. */
function interiorPoint(ring: readonly Pt[]): Pt {
  const a6 = ringArea(ring) * 6
  let cx = 0
  let cy = 0
  ring.forEach((p, i) => {
    const q = at(ring, i + 1)
    cx += (p[0] + q[0]) * cross(p, q)
    cy += (p[1] + q[1]) * cross(p, q)
  })
  const centroid: Pt = [cx / a6, cy / a6]
  if (pointInRing(centroid, ring)) return centroid
  for (let i = 0; i < ring.length; i++) {
    const ear: Pt = scale(add(add(at(ring, i - 1), at(ring, i)), at(ring, i + 1)), 1 / 3)
    if (pointInRing(ear, ring)) return ear
  }
  return centroid
}

// ---------- WGS84 output ----------

const CENTRE: Pt = [113.45, 22.55]
const LAT_RAD = (CENTRE[1] * Math.PI) / 180
const M_PER_DEG_LAT = 111132.92 - 559.82 * Math.cos(2 * LAT_RAD) + 1.175 * Math.cos(4 * LAT_RAD)
const M_PER_DEG_LON = 111412.84 * Math.cos(LAT_RAD) - 93.5 * Math.cos(3 * LAT_RAD)
const round6 = (v: number): number => Math.round(v * 1e6) / 1e6
const toLonLat = (p: Pt): [number, number] => [
  round6(CENTRE[0] + p[0] / M_PER_DEG_LON),
  round6(CENTRE[1] + p[1] / M_PER_DEG_LAT),
]
/** A closed lon/lat ring (RFC 7946: first = last, CCW exterior since the metric frame keeps orientation). */
function closedLonLatRing(ring: readonly Pt[]): number[][] {
  const ll = ring.map(toLonLat).filter((p, i, all) => {
    const prev = at(all, i - 1)
    return p[0] !== prev[0] || p[1] !== prev[1]
  })
  return [...ll, ll[0] as number[]]
}

// ---------- grid and blocks ----------

const BLOCK_COLS = 8
const BLOCK_ROWS = 6
const COL_SPACING = 750
const ROW_SPACING = 830
// arterials are 50 m between building lines, other roads 30 m
const ARTERIAL_COLS = [0, 4, 8]
const ARTERIAL_ROWS = [0, 3, 6]
const halfWidth = (arterial: boolean): number => (arterial ? 25 : 15)
// development spread out from the old core in the north-west: parcels and works near it are further along
const CORE: Pt = [-1500, 900]
const NS_ROADS = [
  '科创大道',
  '兴业路',
  '创新路',
  '智造路',
  '港城大道',
  '金湾路',
  '翔云路',
  '光华路',
  '海滨路',
]
const EW_ROADS = ['临港大道', '博学路', '康泰路', '致远路', '和风路', '聚贤路', '望海路']

/** Road crossings as nodes[col][row]: a lattice bent by a per-road offset and slant plus per-node jitter. */
function buildGrid(rng: Rng): Pt[][] {
  const cols = Array.from(
    { length: BLOCK_COLS + 1 },
    () => [(rng() - 0.5) * 120, (rng() - 0.5) * 50] as const,
  )
  const rows = Array.from(
    { length: BLOCK_ROWS + 1 },
    () => [(rng() - 0.5) * 120, (rng() - 0.5) * 50] as const,
  )
  return cols.map(([ox, slantX], i) =>
    rows.map(
      ([oy, slantY], j): Pt => [
        (i - BLOCK_COLS / 2) * COL_SPACING + ox + slantX * (j - BLOCK_ROWS / 2) + (rng() - 0.5) * 60,
        (j - BLOCK_ROWS / 2) * ROW_SPACING + oy + slantY * (i - BLOCK_COLS / 2) + (rng() - 0.5) * 60,
      ],
    ),
  )
}

const node = (grid: Pt[][], i: number, j: number): Pt => grid[i]?.[j] as Pt

interface Block {
  col: number
  row: number
  ring: Pt[] // CCW, edges: south, east, north, west
  roads: string[] // the road along each edge
}

function buildBlock(grid: Pt[][], col: number, row: number): Block {
  const corners = [
    node(grid, col, row),
    node(grid, col + 1, row),
    node(grid, col + 1, row + 1),
    node(grid, col, row + 1),
  ]
  const widths = [
    halfWidth(ARTERIAL_ROWS.includes(row)),
    halfWidth(ARTERIAL_COLS.includes(col + 1)),
    halfWidth(ARTERIAL_ROWS.includes(row + 1)),
    halfWidth(ARTERIAL_COLS.includes(col)),
  ]
  const roads = [EW_ROADS[row], NS_ROADS[col + 1], EW_ROADS[row + 1], NS_ROADS[col]] as string[]
  return { col, row, ring: insetRing(corners, widths), roads }
}

// ---------- subdividing a block into parcels ----------

const MIN_PARCEL_M2 = muToM2(10.5)

/** Splits a convex ring across its longer extent, leaving `gap` metres between the halves (a branch road). */
function cut(rng: Rng, ring: Pt[], gap: number, across?: Pt): { a: Pt[]; b: Pt[]; normal: Pt } | null {
  const total = ringArea(ring)
  for (let attempt = 0; attempt < 6; attempt++) {
    let normal = across
    if (!normal) {
      const longest = ring
        .map((p, i) => sub(at(ring, i + 1), p))
        .sort((u, v) => dot(v, v) - dot(u, u))[0] as Pt
      const u = unit(longest)
      const v: Pt = [-u[1], u[0]]
      const extent = (d: Pt) =>
        Math.max(...ring.map((p) => dot(d, p))) - Math.min(...ring.map((p) => dot(d, p)))
      normal = extent(u) >= extent(v) ? u : v
    }
    // a few degrees of tilt so that cut lines, and so parcels, are not all parallelograms
    const tilt = attempt < 5 ? (rng() - 0.5) * 0.16 : 0
    const n: Pt = [
      normal[0] * Math.cos(tilt) - normal[1] * Math.sin(tilt),
      normal[0] * Math.sin(tilt) + normal[1] * Math.cos(tilt),
    ]
    const proj = ring.map((p) => dot(n, p))
    const lo = Math.min(...proj)
    const c = lo + (Math.max(...proj) - lo) * (attempt < 5 ? 0.38 + 0.24 * rng() : 0.5)
    const a = clipHalfPlane(ring, n, c - gap / 2)
    const b = clipHalfPlane(ring, scale(n, -1), -(c + gap / 2))
    const fine = (r: Pt[]) =>
      r.length >= 3 &&
      ringArea(r) >= Math.max(MIN_PARCEL_M2, 0.25 * total) &&
      r.every((p, i) => dist(p, at(r, i + 1)) >= 4)
    if (fine(a) && fine(b)) return { a, b, normal: n }
  }
  return null
}

/** Joins two CCW rings where an edge of `b` lies on an edge of `a` (opposite direction): an L-shaped parcel. */
function mergeAlongSharedEdge(a: Pt[], b: Pt[]): Pt[] | null {
  const onSegment = (p: Pt, s: Pt, e: Pt) => {
    const t = dot(sub(p, s), sub(e, s)) / dot(sub(e, s), sub(e, s))
    return t >= -1e-9 && t <= 1 + 1e-9 && Math.abs(cross(sub(e, s), sub(p, s))) / dist(s, e) < 1e-6
  }
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      const [a0, a1, b0, b1] = [at(a, i), at(a, i + 1), at(b, j), at(b, j + 1)]
      if (!onSegment(b0, a0, a1) || !onSegment(b1, a0, a1) || dot(sub(a1, a0), sub(b1, b0)) >= 0) continue
      // walk a up to the shared edge, round b from b1 back to b0, then on along a
      const aroundB = b.map((_, k) => at(b, j + 1 + k))
      return dedupe([...a.slice(0, i + 1), ...aroundB, ...a.slice(i + 1)])
    }
  }
  return null
}

/** Recursive bisection until each piece is under a size drawn per piece around `maxMu`; a few L-shapes. */
function subdivide(rng: Rng, ring: Pt[], maxMu: number, branchGap: number): Pt[][] {
  const out: Pt[][] = []
  const split = (piece: Pt[], depth: number): void => {
    const mu = m2ToMu(ringArea(piece))
    if (mu <= maxMu * (0.6 + 0.8 * rng())) return void out.push(piece)
    const gap = depth === 0 ? branchGap : 0
    const halves = cut(rng, piece, gap)
    if (!halves) return void out.push(piece)
    if (gap === 0 && mu < 2.2 * maxMu && mu < 340 && rng() < 0.18) {
      const quarter = cut(rng, halves.b, 0, [-halves.normal[1], halves.normal[0]])
      const ell = quarter && mergeAlongSharedEdge(halves.a, quarter.a)
      if (quarter && ell) return void out.push(ell, quarter.b)
    }
    split(halves.a, depth + 1)
    split(halves.b, depth + 1)
  }
  split(ring, 0)
  return out
}

/** Cuts the corner at a road crossing (切角, the sight triangle), making some parcels pentagons. */
function chamferCorners(rng: Rng, ring: Pt[], corners: readonly Pt[]): Pt[] {
  return ring.flatMap((p, k): Pt[] => {
    if (!corners.some((c) => c[0] === p[0] && c[1] === p[1]) || rng() > 0.65) return [p]
    const prev = at(ring, k - 1)
    const next = at(ring, k + 1)
    const leg = 10 + rng() * 10
    if (dist(prev, p) < 4 * leg || dist(next, p) < 4 * leg) return [p]
    return [add(p, scale(unit(sub(prev, p)), leg)), add(p, scale(unit(sub(next, p)), leg))]
  })
}

/** Merges vertices of different rings closer than 1.5 m: cut lines ending a hand's width apart leave tiny edges. */
function snapVertices(rings: Pt[][]): Pt[][] {
  const kept: Pt[] = []
  const snap = (p: Pt): Pt => {
    const near = kept.find((k) => dist(k, p) < 1.5)
    if (near) return near
    kept.push(p)
    return p
  }
  return rings.map((ring) => dedupe(ring.map(snap)))
}

/**
 * Adds to each ring the vertices of other rings that lie on its edges (T-junctions left by later cuts), so
 * neighbours share identical boundary vertices and still share them exactly after rounding to 6 decimals.
 * Call after snapVertices: distinct vertices are then at least 1.5 m apart.
 */
function nodeRings(rings: Pt[][]): Pt[][] {
  const vertices = rings.flat()
  return rings.map((ring) =>
    dedupe(
      ring.flatMap((p, i) => {
        const d = sub(at(ring, i + 1), p)
        const l2 = dot(d, d)
        const onEdge = vertices
          .map((v) => ({ v, t: dot(sub(v, p), d) / l2, off: Math.abs(cross(d, sub(v, p))) / Math.sqrt(l2) }))
          // within the snapping distance: a snapped vertex may sit just off the edge it came from
          .filter(({ t, off }) => t * Math.sqrt(l2) > 0.5 && (1 - t) * Math.sqrt(l2) > 0.5 && off < 1.6)
          .sort((a, b) => a.t - b.t)
        return [p, ...onEdge.map(({ v }) => v)]
      }),
    ),
  )
}

// ---------- parcels: land use, names, status ----------

interface Lot {
  ring: Pt[]
  code: string
  name: string
  landUse: LandUse
  status: ParcelStatus
  maturity: number
}

interface Zone {
  maxMu: number // parcels are cut until under about this size
  gap: number // width of the branch road through the middle of the block, metres
  uses: string // land-use mix, percent
}
const ZONES: Record<'west' | 'port' | 'middle' | 'east' | 'living', Zone> = {
  west: { maxMu: 185, gap: 0, uses: 'M2:50 M1:45 G:5' },
  port: { maxMu: 120, gap: 14, uses: 'W:45 M1:50 G:5' },
  middle: { maxMu: 105, gap: 14, uses: 'M1:74 M0:12 M2:8 G:6' },
  east: { maxMu: 55, gap: 14, uses: 'M0:74 B:10 M1:11 G:5' },
  living: { maxMu: 50, gap: 14, uses: 'R:60 B:30 G:10' },
}

/** West: heavier industry on big lots; middle: general industry, logistics by the port road; east: R&D. */
function zoneOf(col: number, row: number): Zone {
  if (col === 7 && row >= 4) return ZONES.living
  if (col >= 6) return ZONES.east
  if (col >= 3) return row <= 1 ? ZONES.port : ZONES.middle
  return ZONES.west
}

function drawLandUse(rng: Rng, uses: string): LandUse {
  const mix = uses.split(' ').map((u) => u.split(':') as [LandUse, string])
  let r = rng() * 100
  for (const [use, percent] of mix) {
    r -= Number(percent)
    if (r < 0) return use
  }
  return mix[0]?.[0] ?? 'M1'
}

const SIDES = ['北侧', '西侧', '南侧', '东侧'] // a parcel along the block's south edge is north of that road, …

/** A road-side name (兴业路北侧地块) for the first parcel along each road side, else a block code name. */
function parcelName(rng: Rng, block: Block, ring: Pt[], index: number, taken: Set<string>): string {
  const c = interiorPoint(ring)
  const edgeDistance = block.ring.map((p, k) => {
    const q = at(block.ring, k + 1)
    return Math.abs(cross(sub(q, p), sub(c, p))) / dist(p, q)
  })
  const nearest = edgeDistance.indexOf(Math.min(...edgeDistance))
  const roadName = `${block.roads[nearest]}${SIDES[nearest]}地块`
  if (rng() < 0.4 && !taken.has(roadName)) return roadName
  const letter = String.fromCharCode(65 + BLOCK_ROWS - 1 - block.row)
  return `${letter}${String(block.col + 1).padStart(2, '0')}-${String(index + 1).padStart(2, '0')}地块`
}

function buildLots(rng: Rng, grid: Pt[][]): Lot[] {
  const lots: Lot[] = []
  const taken = new Set<string>()
  for (let row = BLOCK_ROWS - 1; row >= 0; row--) {
    for (let col = 0; col < BLOCK_COLS; col++) {
      const block = buildBlock(grid, col, row)
      const zone = zoneOf(col, row)
      const pieces = subdivide(rng, block.ring, zone.maxMu, zone.gap).map((r) =>
        chamferCorners(rng, r, block.ring),
      )
      const rings = nodeRings(snapVertices(pieces))
      rings.forEach((ring, index) => {
        const name = parcelName(rng, block, ring, index, taken)
        taken.add(name)
        const centre = interiorPoint(ring)
        lots.push({
          ring,
          code: `GX-${DEMO_YEAR}-${String(lots.length + 1).padStart(4, '0')}`,
          name,
          landUse: drawLandUse(rng, zone.uses),
          status: 'planned',
          maturity: dist(centre, CORE) + rng() * 2000,
        })
      })
    }
  }
  return lots
}

// share of parcels per status, most developed first; 'reserved' comes from projects holding available parcels
const STATUS_SHARES: [ParcelStatus, number][] = [
  ['in_production', 0.13],
  ['under_construction', 0.08],
  ['transferred', 0.08],
  ['available', 0.14],
  ['servicing', 0.12],
  ['clearing', 0.12],
  ['acquiring', 0.13],
  ['planned', 1],
]

/** Statuses follow maturity (closeness to the core, with noise); green land is never sold or built on. */
function assignStatuses(lots: Lot[]): void {
  const ordered = [...lots].sort((a, b) => a.maturity - b.maturity)
  let start = 0
  for (const [status, share] of STATUS_SHARES) {
    const end = Math.min(ordered.length, start + Math.round(share * lots.length))
    for (const lot of ordered.slice(start, end)) {
      lot.status = lot.landUse === 'G' && PARCEL_STATUSES.indexOf(status) > 4 ? 'available' : status
    }
    start = end
  }
}

// ---------- milestones (倒排: scheduled backwards from the hand-over target) ----------

// days before hand-over at which each milestone (MILESTONE_KINDS order) is planned to be done
const OFFSETS = [420, 300, 220, 150, 100, 60, 30, 0]
const DONE_COUNT: Record<ParcelStatus, number> = {
  planned: 0,
  acquiring: 0,
  clearing: 1,
  servicing: 3,
  available: 5,
  reserved: 5,
  transferred: 7,
  under_construction: 8,
  in_production: 8,
}
const MILESTONE_OWNERS: Record<MilestoneKind, string> = {
  acquisition: '土地储备中心',
  clearance: '征拆办',
  leveling: '建设局',
  servicing: '建设局',
  planning_conditions: '自然资源分局',
  listing: '公共资源交易中心',
  transfer: '自然资源分局',
  handover: '土地储备中心',
}
const LATE_NOTES: Record<MilestoneKind, string> = {
  acquisition: '部分权属人补偿协议未签',
  clearance: '青苗及附着物补偿未谈妥',
  leveling: '土方外运受限',
  servicing: '配套管网未完工',
  planning_conditions: '控规调整待批',
  listing: '出让方案待审批',
  transfer: '待企业缴清出让金',
  handover: '地上附着物尚未清理完毕',
}
const RISK_NOTE = '前序工作未完成，工期紧张'

/**
 * A compressed plan: the next milestone due `next` (a range of) days after TODAY and the one after it 2–8 days
 * later, by day `by` at the latest. The parcel is at risk from 30 days (the margin) before the second is due, since the
 * first is not done and so the second cannot have started, until the first is due; left as it is, it is late
 * after that. Three cohorts keep some parcels at risk on every day of the two months after TODAY.
 */
const SQUEEZES = {
  at_risk: { next: [12, 28], by: 30 }, // at risk on TODAY
  at_risk_soon: { next: [30, 45], by: 60 }, // at risk in the month after
  at_risk_later: { next: [61, 75], by: 90 }, // at risk 60 days on
} as const
type Squeeze = keyof typeof SQUEEZES

/**
 * How a parcel not yet handed over stands on TODAY. Drawn per status by quota, so that the district shows a
 * believable mix; its forecast (DOMAIN.md "When a parcel is available") then follows from its dates alone:
 * on_track: the next milestone is due two months or more ahead and the last one done was done on plan; late:
 * the next milestone is overdue, which pushes the hand-over past its target; else one of SQUEEZES.
 */
type Fate = 'on_track' | 'late' | Squeeze
type FateShare = Record<'late' | Squeeze, number>
const EARLY_SHARE: FateShare = { late: 0.105, at_risk: 0.145, at_risk_soon: 0.04, at_risk_later: 0.15 }
const FATE_SHARES: Partial<Record<ParcelStatus, FateShare>> = {
  planned: EARLY_SHARE,
  acquiring: EARLY_SHARE,
  clearing: EARLY_SHARE,
  servicing: EARLY_SHARE,
  available: { ...EARLY_SHARE, late: 0.01 },
  reserved: { late: 0, at_risk: 0.17, at_risk_soon: 0, at_risk_later: 0.17 },
  // the hand-over is the only milestone left: due soon with nothing open before it, it is on plan
  transferred: { late: 0.07, at_risk: 0, at_risk_soon: 0, at_risk_later: 0 },
}

/**
 * Fates by status: a shuffled group takes its late parcels, then its at-risk ones, in that order. A transferred
 * parcel is late only when its transfer is months back; a parcel in servicing is squeezed only when the works
 * serving it finish three weeks before its servicing is due (else it would be late, waiting for them).
 */
function assignFates(
  rng: Rng,
  lots: Lot[],
  sites: Map<string, SiteDates>,
  floors: Map<string, string>,
): Map<string, Fate> {
  const fates = new Map<string, Fate>()
  for (const [status, share] of Object.entries(FATE_SHARES) as [ParcelStatus, FateShare][]) {
    const group = shuffle(
      rng,
      lots.filter((l) => l.status === status),
    )
    const fits = (fate: 'late' | Squeeze) => (lot: Lot) => {
      if (fate === 'late') return (sites.get(lot.code)?.landedOn ?? '') < addDays(TODAY, -90)
      const due = SQUEEZES[fate].next[0]
      return DONE_COUNT[status] !== 3 || (floors.get(lot.code) ?? '') < addDays(TODAY, due - 21)
    }
    for (const fate of ['late', 'at_risk', 'at_risk_soon', 'at_risk_later'] as const) {
      const free = group.filter((l) => !fates.has(l.code) && fits(fate)(l))
      for (const lot of free.slice(0, Math.round(share[fate] * group.length))) fates.set(lot.code, fate)
    }
  }
  return fates
}

/** The dates a project fixes on its parcel: transfer = landed_on, hand-over = construction start. */
interface SiteDates {
  landedOn: string
  startedOn: string | null
}

/**
 * Planned dates of the last milestone done (`prev`), of the next one to do (`next`) and, for a compressed plan,
 * of the one after it (`after`); the rest of the plan is laid out from them with OFFSETS.
 */
function anchors(
  rng: Rng,
  status: ParcelStatus,
  site: SiteDates | undefined,
  fate: Fate,
): { prev: string; next: string; after: string | null } {
  const done = DONE_COUNT[status]
  const ago = (lo: number, hi: number) => addDays(TODAY, -int(rng, lo, hi))
  const ahead = (lo: number, hi: number) => addDays(TODAY, int(rng, lo, hi))
  if (done === 8) {
    if (site) return { prev: addDays(site.startedOn ?? TODAY, -int(rng, 0, 20)), next: TODAY, after: null }
    return { prev: status === 'in_production' ? ago(500, 2200) : ago(30, 500), next: TODAY, after: null }
  }
  // the transfer was planned on or after the day the project landed: it was done on plan
  const prev = site ? addDays(site.landedOn, int(rng, 0, 20)) : ago(20, 300)
  if (fate === 'late') return { prev, next: maxDate(addDays(prev, 15), ago(10, 120)), after: null }
  if (fate !== 'on_track') {
    const { next, by } = SQUEEZES[fate]
    const days = int(rng, next[0], next[1])
    return { prev, next: addDays(TODAY, days), after: addDays(TODAY, Math.min(by, days + int(rng, 2, 8))) }
  }
  if (done === 7) return { prev, next: maxDate(addDays(prev, int(rng, 30, 75)), ahead(61, 180)), after: null }
  return { prev, next: ahead(61, done === 0 ? 150 : 240), after: null }
}

/**
 * The milestones of a parcel in this status, with this fate. Servicing is planned after the works serving the
 * parcel are to finish (`floor`), except on a late parcel. The last milestone done was done on plan or early
 * unless the parcel is late; those before it may have slipped (the plan was kept).
 */
function scheduleMilestones(
  rng: Rng,
  status: ParcelStatus,
  site: SiteDates | undefined,
  fate: Fate,
  floor: string | null,
) {
  const done = DONE_COUNT[status]
  const { prev, next, after } = anchors(rng, status, site, fate)
  const planned = OFFSETS.map((offset, i) => {
    if (i < done) return addDays(prev, (OFFSETS[done - 1] ?? 0) - offset)
    if (after && i > done) return addDays(after, (OFFSETS[done + 1] ?? 0) - offset)
    return addDays(next, (OFFSETS[done] ?? 0) - offset)
  })
  const servicing = MILESTONE_KINDS.indexOf('servicing')
  const margin = int(rng, 3, 20)
  if (floor && fate !== 'late' && done <= servicing) {
    const wait = daysBetween(planned[servicing] as string, addDays(floor, margin))
    for (let i = servicing; i < planned.length && wait > 0; i++)
      planned[i] = addDays(planned[i] as string, wait)
  }
  const actual: (string | null)[] = planned.map((p, i) => {
    if (i >= done) return null
    const slip = i === done - 1 && fate !== 'late' ? -int(rng, 0, 12) : int(rng, -10, 25)
    return minDate(addDays(p, slip), addDays(TODAY, -1))
  })
  if (site) {
    actual[6] = site.landedOn
    if (done === 8) actual[7] = site.startedOn
  }
  // done milestones happen in order: no actual date after the next one's
  for (let i = done - 2; i >= 0; i--) actual[i] = minDate(actual[i] as string, actual[i + 1] as string)
  const milestones = MILESTONE_KINDS.map((kind, i): DemoMilestone => {
    const late = actual[i] === null && (planned[i] as string) < TODAY
    const squeezed = fate in SQUEEZES && i === done + 1
    return {
      kind,
      planned_on: planned[i] as string,
      actual_on: actual[i] ?? null,
      owner: MILESTONE_OWNERS[kind],
      note: late ? LATE_NOTES[kind] : squeezed ? RISK_NOTE : null,
    }
  })
  return { target_on: planned[7] as string, milestones }
}

const FAR: Record<LandUse, [number, number] | null> = {
  M0: [2.0, 4.0],
  M1: [1.2, 3.0],
  M2: [0.8, 2.0],
  W: [0.8, 2.0],
  B: [2.0, 5.0],
  R: [1.5, 2.8],
  G: null,
  S: null,
}

function toDemoParcel(
  rng: Rng,
  lot: Lot,
  site: SiteDates | undefined,
  fate: Fate,
  floor: string | null,
): DemoParcel {
  // planning conditions (and so FAR) are not set before the land is being acquired
  const far = lot.status === 'planned' ? null : FAR[lot.landUse]
  return {
    code: lot.code,
    name: lot.name,
    land_use: lot.landUse,
    status: lot.status,
    far_min: far?.[0] ?? null,
    far_max: far?.[1] ?? null,
    geometry: { type: 'MultiPolygon', coordinates: [[closedLonLatRing(lot.ring)]] },
    ...scheduleMilestones(rng, lot.status, site, fate, floor),
  }
}

// ---------- projects ----------

type Band = 'big' | 'mid' | 'small'
type Window = [string, string] | null
interface ProjectSpec {
  kind: ProjectKind
  stage: ProjectStage
  signed: Window // window for signed_on; null: never signed
  landed: Window // window for landed_on (and at least a few days after signing)
  band: Band | null // only for the 47 signed in the window
  headquarters: boolean
  droppedAfter: ProjectStage | null
}

/** `n` projects of one kind; one table row of PROJECT_PLAN. */
function plan(
  n: number,
  kind: ProjectKind,
  stage: ProjectStage,
  signed: Window = null,
  landed: Window = null,
  band: Band | null = null,
  extra: Partial<ProjectSpec> = {},
): ProjectSpec[] {
  return Array.from({ length: n }, () => ({
    kind,
    stage,
    signed,
    landed,
    band,
    headquarters: false,
    droppedAfter: null,
    ...extra,
  }))
}
const day = (d: string): Window => [d, d]
const JAN_MAR: Window = ['2026-01-01', '2026-03-31']
const IN_WINDOW: Window = [WINDOW_FROM, WINDOW_TO]
const FEB_NOV: Window = ['2026-02-01', '2026-11-20']
const LATE_2025: Window = ['2025-09-01', '2025-12-30']
const YEAR_2025: Window = ['2025-01-10', '2025-12-20']
const AFTER_WINDOW: Window = ['2026-05-02', '2026-11-20']
const EXP = 'expansion'
const NEW = 'new'

/**
 * Who is in which figure, by construction; see the comment at the top of the file.
 * Columns: count, kind, final stage, signed_on window, landed_on window, investment band.
 */
const PROJECT_PLAN: ProjectSpec[] = [
  // A: the 47 signed in January–April 2026; 10 of them are expansions that also landed in the window
  ...plan(1, EXP, 'construction', ['2026-01-05', '2026-01-20'], ['2026-02-10', '2026-03-15'], 'mid', {
    headquarters: true,
  }),
  ...plan(4, EXP, 'land_acquired', JAN_MAR, IN_WINDOW, 'small'),
  ...plan(2, EXP, 'construction', JAN_MAR, IN_WINDOW, 'small'),
  ...plan(1, EXP, 'construction', JAN_MAR, day(WINDOW_TO), 'small'),
  ...plan(2, EXP, 'in_production', ['2026-01-01', '2026-02-15'], ['2026-01-10', '2026-03-10'], 'small'),
  ...plan(1, NEW, 'construction', ['2026-01-10', '2026-02-20'], ['2026-03-01', '2026-05-31'], 'big'),
  ...plan(1, NEW, 'land_acquired', ['2026-02-01', '2026-03-31'], ['2026-06-01', '2026-10-31'], 'big'),
  ...plan(5, NEW, 'signed', IN_WINDOW, null, 'mid'),
  ...plan(5, NEW, 'land_acquired', IN_WINDOW, FEB_NOV, 'mid'),
  ...plan(3, NEW, 'construction', JAN_MAR, ['2026-02-01', '2026-08-31'], 'mid'),
  ...plan(1, NEW, 'signed', day(WINDOW_FROM), null, 'small'),
  ...plan(1, NEW, 'signed', day(WINDOW_TO), null, 'small'),
  ...plan(7, NEW, 'signed', IN_WINDOW, null, 'small'),
  ...plan(3, EXP, 'signed', IN_WINDOW, null, 'small'),
  ...plan(4, NEW, 'land_acquired', IN_WINDOW, FEB_NOV, 'small'),
  ...plan(2, EXP, 'land_acquired', IN_WINDOW, AFTER_WINDOW, 'small'),
  ...plan(4, NEW, 'construction', JAN_MAR, ['2026-02-01', '2026-09-30'], 'small'),
  // B: 16 expansions signed in late 2025 that landed in the window (with A's 10: the 26)
  ...plan(1, EXP, 'land_acquired', day('2025-12-31'), day(WINDOW_FROM)),
  ...plan(5, EXP, 'land_acquired', LATE_2025, IN_WINDOW),
  ...plan(7, EXP, 'construction', LATE_2025, IN_WINDOW),
  ...plan(3, EXP, 'in_production', LATE_2025, ['2026-01-01', '2026-03-15']),
  // C: signed in 2025, outside both figures (a new project landed in the window; an expansion landed 1 May)
  ...plan(5, NEW, 'in_production', ['2025-01-10', '2025-04-30'], ['2025-02-01', '2025-06-30']),
  ...plan(4, NEW, 'construction', YEAR_2025, ['2025-06-01', '2026-09-30']),
  ...plan(1, NEW, 'land_acquired', YEAR_2025, ['2026-02-01', '2026-03-31']),
  ...plan(1, EXP, 'land_acquired', YEAR_2025, day('2026-05-01')),
  ...plan(1, EXP, 'in_production', ['2025-01-10', '2025-03-31'], ['2025-03-01', '2025-05-31']),
  ...plan(2, NEW, 'signed', YEAR_2025),
  // D: signed after the window (one on 1 May)
  ...plan(1, NEW, 'signed', day('2026-05-01')),
  ...plan(6, NEW, 'signed', AFTER_WINDOW),
  ...plan(2, EXP, 'signed', AFTER_WINDOW),
  ...plan(3, NEW, 'land_acquired', ['2026-05-02', '2026-09-30'], AFTER_WINDOW),
  ...plan(1, EXP, 'land_acquired', ['2026-05-02', '2026-09-30'], AFTER_WINDOW),
  ...plan(1, NEW, 'construction', ['2026-05-02', '2026-07-31'], ['2026-06-01', '2026-09-30']),
  // E: the pipeline
  ...plan(8, NEW, 'negotiating'),
  ...plan(2, EXP, 'negotiating'),
  ...plan(9, NEW, 'lead'),
  ...plan(1, EXP, 'lead'),
  // F: dropped; one was signed in the window and must not count
  ...plan(1, NEW, 'dropped', ['2026-03-01', '2026-03-31'], null, null, { droppedAfter: 'signed' }),
  ...plan(1, NEW, 'dropped', YEAR_2025, null, null, { droppedAfter: 'signed' }),
  ...plan(3, NEW, 'dropped', null, null, null, { droppedAfter: 'negotiating' }),
  ...plan(3, NEW, 'dropped', null, null, null, { droppedAfter: 'lead' }),
]

const WINDOW_SIGNED_TOTAL_WAN = 954300
const BANDS: Record<Band, [number, number]> = {
  big: [100000, 200000],
  mid: [10000, 99900],
  small: [500, 9900],
}

/** Nudges amounts (multiples of 100 万元) within their bands until they add up to `total` exactly. */
function fitToTotal(values: number[], bands: [number, number][], total: number): number[] {
  const out = [...values]
  const sum = () => out.reduce((s, v) => s + v, 0)
  for (let pass = 0; pass < 100 && sum() !== total; pass++) {
    const share = Math.max(100, Math.ceil(Math.abs(total - sum()) / out.length / 100) * 100)
    out.forEach((v, i) => {
      const remaining = total - sum()
      const [lo, hi] = bands[i] as [number, number]
      out[i] = Math.min(hi, Math.max(lo, v + Math.sign(remaining) * Math.min(share, Math.abs(remaining))))
    })
  }
  if (sum() !== total) throw new Error(`investments cannot reach ${total}`)
  return out
}

const SOURCE_CITIES = ['上海', '合肥', '常州', '深圳', '武汉']
const MANAGERS = '陈志强 李晓红 王建国 张伟 刘芳 黄俊杰 林海燕 吴国华 郑丽娟 何永明'.split(' ')
// two-character brands 瑞芯, 中光, …: fictional, and none is 华利
const BRANDS = [...'瑞中宏金新鼎恒润嘉德博凯海晟天立'].flatMap((h) =>
  [...'芯光达源泰邦信诚创越锐普联川航驰'].map((t) => h + t),
)
interface SectorNames {
  suffix: string
  uses: LandUse[]
  products: string[]
}
const names = (suffix: string, uses: string, products: string): SectorNames => ({
  suffix,
  uses: uses.split(' ') as LandUse[],
  products: products.split('、'),
})
const SECTOR_NAMES: Record<Sector, SectorNames> = {
  new_materials: names('新材料有限公司', 'M1 M2', '高性能复合材料、电子级新材料、特种涂层材料、锂电隔膜'),
  optoelectronics: names('光电科技有限公司', 'M0 M1', '新型显示模组、光通信器件、Mini LED背光、激光器'),
  automotive: names('汽车部件有限公司', 'M1 M2', '汽车电子、新能源汽车零部件、智能座舱、动力电池结构件'),
  low_altitude: names('航空科技有限公司', 'M0 M1', '工业无人机、飞控系统、eVTOL零部件、低空物流无人机'),
  intelligent_manufacturing: names(
    '智能装备有限公司',
    'M1 M0',
    '工业机器人、智能装备、精密数控机床、自动化产线',
  ),
  biomedicine: names('生物科技有限公司', 'M0 M1', '医疗器械、生物制剂、体外诊断试剂、创新药制剂'),
  services: names('供应链管理有限公司', 'W B', '供应链管理中心、检验检测中心、工业设计中心、跨境电商物流'),
  traditional_manufacturing: names('实业有限公司', 'M1 M2', '五金制品、家电零部件、灯饰照明、运动鞋服'),
}
const BLOCKERS: [string, string][] = [
  ['用电增容审批', '经发局'],
  ['环评批复', '生态环境分局'],
  ['土地指标', '自然资源分局'],
  ['规划条件调整', '自然资源分局'],
  ['施工许可办理', '住建局'],
  ['供水接驳', '建设局'],
  ['天然气管道接入', '建设局'],
  ['人才公寓配套', '人社局'],
  ['融资对接', '招商局'],
  ['能评审查', '经发局'],
  ['消防验收', '住建局'],
  ['进场道路未完工', '建设局'],
]
const DROP_REASONS =
  '企业投资计划调整 选址意向转往其他园区 融资未落实 用地需求与规划不符 环保准入不符合要求'.split(' ')
const PARCEL_FOR_STAGE: Partial<Record<ProjectStage, ParcelStatus>> = {
  land_acquired: 'transferred',
  construction: 'under_construction',
  in_production: 'in_production',
}

/** Stage dates from lead to the final stage; none after TODAY. */
function stageDates(
  rng: Rng,
  spec: ProjectSpec,
): { history: DemoStage[]; signedOn: string | null; landedOn: string | null } {
  const signedOn = spec.signed ? dateIn(rng, ...spec.signed) : null
  const landedOn =
    spec.landed && signedOn
      ? dateIn(rng, maxDate(spec.landed[0], minDate(addDays(signedOn, 3), spec.landed[1])), spec.landed[1])
      : null
  const leadOn = signedOn ? addDays(signedOn, -int(rng, 60, 300)) : addDays(TODAY, -int(rng, 20, 420))
  const negotiatingOn = signedOn
    ? addDays(leadOn, Math.round(daysBetween(leadOn, signedOn) * (0.3 + 0.4 * rng())))
    : minDate(addDays(leadOn, int(rng, 10, 120)), TODAY)
  const history: DemoStage[] = [{ stage: 'lead', entered_on: leadOn, note: null }]
  const reached = spec.droppedAfter ?? spec.stage
  // PROJECT_STAGES runs lead → in_production (then dropped, which `reached` never is)
  const order = PROJECT_STAGES
  let last = leadOn
  const enter = (stage: ProjectStage, on: string, note: string | null = null) => {
    last = on
    history.push({ stage, entered_on: on, note })
  }
  if (order.indexOf(reached) >= 1) enter('negotiating', negotiatingOn)
  if (signedOn && order.indexOf(reached) >= 2) enter('signed', signedOn, '签订投资协议')
  if (landedOn) enter('land_acquired', landedOn, spec.kind === 'expansion' ? '增资扩产落地' : '摘牌拿地')
  if (landedOn && order.indexOf(reached) >= 4)
    enter('construction', minDate(addDays(landedOn, int(rng, 12, 75)), TODAY), '开工')
  if (order.indexOf(reached) >= 5)
    enter('in_production', minDate(addDays(last, int(rng, 100, 420)), TODAY), '投产')
  if (spec.stage === 'dropped') enter('dropped', minDate(addDays(last, int(rng, 20, 150)), TODAY))
  return { history, signedOn, landedOn }
}

function blockersFor(rng: Rng, stage: ProjectStage): DemoBlocker[] {
  if (stage === 'dropped') return []
  const count = int(rng, 0, stage === 'lead' ? 1 : 3)
  return shuffle(rng, BLOCKERS)
    .slice(0, count)
    .map(([title, owner]): DemoBlocker => {
      const landed = ['land_acquired', 'construction', 'in_production'].includes(stage)
      const status = rng() < (landed ? 0.6 : 0.25) ? 'resolved' : rng() < 0.55 ? 'open' : 'in_progress'
      const due =
        status === 'resolved' ? addDays(TODAY, -int(rng, 20, 300)) : addDays(TODAY, int(rng, -75, 120))
      return { title, owner, due_on: due, status, resolution: status === 'resolved' ? '已协调解决' : null }
    })
}

interface ProjectsResult {
  projects: DemoProject[]
  sites: Map<string, SiteDates>
}

/** Projects from PROJECT_PLAN, with parcels taken from the lots (available ones become reserved). */
function buildProjects(rng: Rng, lots: Lot[]): ProjectsResult {
  const usable = (status: ParcelStatus) =>
    shuffle(
      rng,
      lots.filter((l) => l.status === status && !['G', 'R'].includes(l.landUse)),
    )
  const pools: Record<string, Lot[]> = {
    transferred: usable('transferred'),
    under_construction: usable('under_construction'),
    in_production: usable('in_production'),
    available: usable('available'),
  }
  const existingSites = pools.in_production?.splice(0, 40) ?? []
  const takeLot = (status: ParcelStatus, uses: LandUse[]): Lot => {
    const pool = pools[status] ?? []
    const i = Math.max(
      0,
      pool.findIndex((l) => uses.includes(l.landUse)),
    )
    const [lot] = pool.splice(i, 1)
    if (!lot) throw new Error(`no ${status} parcel left for a project`)
    return lot
  }

  const bandSpecs = PROJECT_PLAN.filter((s) => s.band)
  const bandAmounts = fitToTotal(
    bandSpecs.map((s) => {
      const [lo, hi] = BANDS[s.band as Band]
      return int(rng, lo / 100, Math.round(hi * 0.8) / 100) * 100
    }),
    bandSpecs.map((s) => BANDS[s.band as Band]),
    WINDOW_SIGNED_TOTAL_WAN,
  )
  const brands = shuffle(rng, BRANDS)
  const sectors = shuffle(
    rng,
    PROJECT_PLAN.map((_, i) => SECTORS[i % SECTORS.length] as Sector),
  )
  const sites = new Map<string, SiteDates>()
  let bandIndex = 0

  const projects = PROJECT_PLAN.map((spec, i): DemoProject => {
    const sector = spec.headquarters ? 'traditional_manufacturing' : (sectors[i] as Sector)
    const sectorNames = SECTOR_NAMES[sector]
    const brand = brands[i] as string
    const product = pick(rng, sectorNames.products)
    const expansion = spec.kind === 'expansion'
    const investment = spec.band
      ? (bandAmounts[bandIndex++] as number)
      : int(rng, expansion ? 5 : 20, expansion ? 300 : 900) * 100
    const { history, signedOn, landedOn } = stageDates(rng, spec)
    const startedOn = history.find((h) => h.stage === 'construction')?.entered_on ?? null

    // local firms mostly expand on their existing site; the others get a parcel that fits their stage
    let lot: Lot | undefined
    let location: [number, number] | null = null
    const parcelStatus = PARCEL_FOR_STAGE[spec.stage]
    const onExistingSite = expansion && !spec.headquarters && (!parcelStatus || rng() < 0.6)
    if (onExistingSite && spec.stage !== 'dropped') {
      const site = existingSites.pop()
      if (site) location = toLonLat(interiorPoint(site.ring))
    } else if (parcelStatus) {
      lot = takeLot(parcelStatus, sectorNames.uses)
      if (landedOn) sites.set(lot.code, { landedOn, startedOn })
    } else if (spec.stage === 'signed' && rng() < 0.4) {
      lot = takeLot('available', sectorNames.uses)
      lot.status = 'reserved'
    }
    if (lot) location = toLonLat(interiorPoint(lot.ring))

    const lotMu = lot ? m2ToMu(ringArea(lot.ring)) : null
    const wantedMu = lotMu ?? investment / int(rng, 250, 450)
    const needsLand = !onExistingSite || rng() < 0.3
    const signedOrLead = signedOn ?? (history[0] as DemoStage).entered_on
    return {
      name: spec.headquarters
        ? '华利总部及研发中心项目'
        : `${brand}${product}${expansion ? '增资扩产项目' : pick(rng, ['项目', '生产基地项目', '研发制造基地项目'])}`,
      company: spec.headquarters ? '华利实业集团有限公司' : `${brand}${sectorNames.suffix}`,
      sector,
      kind: spec.kind,
      stage: spec.stage,
      investment_wan: investment,
      lead_on: (history[0] as DemoStage).entered_on,
      signed_on: signedOn,
      landed_on: landedOn,
      dropped_reason: spec.stage === 'dropped' ? pick(rng, DROP_REASONS) : null,
      source_city: expansion ? '本地' : pick(rng, SOURCE_CITIES),
      expected_jobs:
        spec.stage === 'lead' && rng() < 0.5 ? null : Math.round(investment / int(rng, 40, 120)) + 10,
      manager: pick(rng, MANAGERS),
      is_headquarters: spec.headquarters,
      parcel_code: lot?.code ?? null,
      location,
      needs: {
        area_mu_min: needsLand ? Math.max(5, Math.floor(wantedMu * 0.8)) : null,
        area_mu_max: needsLand ? Math.max(6, Math.ceil(wantedMu * 1.25)) : null,
        land_use: needsLand
          ? lot
            ? [...new Set([lot.landUse, ...sectorNames.uses])]
            : sectorNames.uses
          : null,
        needed_by: landedOn ?? addDays(maxDate(signedOrLead, TODAY), int(rng, 60, 480)),
        power_kva:
          sector !== 'services' && rng() < 0.6
            ? Math.min(40000, Math.max(400, Math.round(investment / 200) * 100))
            : null,
      },
      stage_history: history,
      blockers: blockersFor(rng, spec.stage),
    }
  })
  return { projects, sites }
}

// ---------- infrastructure ----------

interface RoadLine {
  name: string
  points: Pt[]
  arterial: boolean
}

function roadLines(grid: Pt[][]): RoadLine[] {
  const ns = NS_ROADS.map((name, i) => ({
    name,
    points: Array.from({ length: BLOCK_ROWS + 1 }, (_, j) => node(grid, i, j)),
    arterial: ARTERIAL_COLS.includes(i),
  }))
  const ew = EW_ROADS.map((name, j) => ({
    name,
    points: Array.from({ length: BLOCK_COLS + 1 }, (_, i) => node(grid, i, j)),
    arterial: ARTERIAL_ROWS.includes(j),
  }))
  return [...ns, ...ew]
}

/** The polyline moved sideways by `d` metres (left of its direction), so pipes do not sit on the road axis. */
function offsetLine(points: Pt[], d: number): Pt[] {
  return points.map((p, i) => {
    const dir = unit(sub(points[Math.min(i + 1, points.length - 1)] as Pt, points[Math.max(i - 1, 0)] as Pt))
    return add(p, scale([-dir[1], dir[0]], d))
  })
}

const UTILITIES: {
  kind: InfrastructureKind
  count: number
  offset: number
  suffix: string
  owner: string
}[] = [
  { kind: 'water', count: 6, offset: 9, suffix: '给水主管', owner: '水务公司' },
  { kind: 'drainage', count: 6, offset: -9, suffix: '雨污水管网', owner: '建设局' },
  { kind: 'power', count: 6, offset: 13, suffix: '10kV电力管沟', owner: '供电局' },
  { kind: 'telecom', count: 3, offset: -13, suffix: '通信管道', owner: '建设局' },
  { kind: 'gas', count: 4, offset: 5, suffix: '中压燃气管', owner: '燃气公司' },
  { kind: 'heat', count: 1, offset: -5, suffix: '供热蒸汽管', owner: '建设局' },
]
const SUBSTATIONS: { name: string; col: number; row: number; capacity: number }[] = [
  { name: '110kV科创变电站', col: 1, row: 4, capacity: 100000 },
  { name: '220kV临港变电站', col: 4, row: 1, capacity: 180000 },
  { name: '110kV翔云变电站', col: 6, row: 3, capacity: 80000 },
  { name: '110kV海滨变电站', col: 7, row: 5, capacity: 63000 },
]

type Works = Pick<
  DemoInfrastructure,
  'status' | 'progress_pct' | 'planned_start' | 'planned_finish' | 'actual_finish' | 'progress'
>

/** Dates and progress reports for a piece of works; the nearer the core, the further along. */
function scheduleWorks(rng: Rng, site: Pt): Works {
  const maturity = dist(site, CORE) + (rng() - 0.5) * 1000
  if (maturity < 2000) {
    const start = addDays(TODAY, -int(rng, 500, 1400))
    const finish = addDays(start, int(rng, 200, 450))
    const actual = minDate(addDays(finish, int(rng, -30, 90)), addDays(TODAY, -10))
    return {
      status: 'done',
      progress_pct: 100,
      planned_start: start,
      planned_finish: finish,
      actual_finish: actual,
      progress: reports(rng, start, actual, 100),
    }
  }
  if (maturity < 3600) {
    const start = addDays(TODAY, -int(rng, 90, 480))
    // about a third finish after their planned date: late works
    const finish = maxDate(addDays(start, 90), addDays(TODAY, int(rng, -120, 300)))
    const elapsed = daysBetween(start, TODAY) / Math.max(1, daysBetween(start, finish))
    const pct = Math.round(Math.min(95, Math.max(8, elapsed * 100 * (0.55 + 0.35 * rng()))))
    return {
      status: 'in_progress',
      progress_pct: pct,
      planned_start: start,
      planned_finish: finish,
      actual_finish: null,
      progress: reports(rng, start, TODAY, pct),
    }
  }
  // planned to finish within about a year, so that the land it serves can still be handed over by mid-2028
  const start = addDays(TODAY, int(rng, 20, 150))
  return {
    status: 'planned',
    progress_pct: 0,
    planned_start: start,
    planned_finish: addDays(start, int(rng, 150, 240)),
    actual_finish: null,
    progress: [],
  }
}

/** 2–5 reports between start and last, rising to `pct` on the last one. */
function reports(rng: Rng, start: string, last: string, pct: number): DemoProgress[] {
  const count = int(rng, 2, 5)
  const span = daysBetween(start, last)
  return Array.from({ length: count }, (_, k) => ({
    reported_on: addDays(start, Math.round((span * (k + 1)) / count)),
    progress_pct: k === count - 1 ? pct : Math.round((pct * (k + 1)) / count),
    note: k === count - 1 && pct === 100 ? '完工验收' : null,
  }))
}

function buildInfrastructure(rng: Rng, grid: Pt[][]): DemoInfrastructure[] {
  const roads = roadLines(grid)
  const line = (points: Pt[]) => ({ type: 'LineString' as const, coordinates: points.map(toLonLat) })
  const middle = (points: Pt[]) => points[Math.floor(points.length / 2)] as Pt
  const items: DemoInfrastructure[] = roads.map((road) => ({
    kind: 'road',
    name: road.name,
    capacity_kva: null,
    owner: '建设局',
    geometry: line(road.points),
    ...scheduleWorks(rng, middle(road.points)),
  }))
  for (const utility of UTILITIES) {
    for (const road of shuffle(rng, roads).slice(0, utility.count)) {
      // a main runs along part of its road: at least three blocks
      const from = int(rng, 0, road.points.length - 4)
      const to = int(rng, from + 3, road.points.length - 1)
      const points = offsetLine(road.points.slice(from, to + 1), utility.offset)
      items.push({
        kind: utility.kind,
        name: `${road.name}${utility.suffix}`,
        capacity_kva: null,
        owner: utility.owner,
        geometry: line(points),
        ...scheduleWorks(rng, middle(points)),
      })
    }
  }
  for (const s of SUBSTATIONS) {
    const p = add(node(grid, s.col, s.row), [40, 40])
    items.push({
      kind: 'substation',
      name: s.name,
      capacity_kva: s.capacity,
      owner: '供电局',
      geometry: { type: 'Point', coordinates: toLonLat(p) },
      ...scheduleWorks(rng, p),
    })
  }
  return items
}

// ---------- servicing floors: the works a parcel waits for ----------

/** Unfinished works this close to a parcel serve it (the zone's default serving distance, plus 10 m to spare). */
const SERVING_M = DEFAULT_LAND_SETTINGS.serving_distance_m + 10

const fromLonLat = (p: number[]): Pt => [
  ((p[0] as number) - CENTRE[0]) * M_PER_DEG_LON,
  ((p[1] as number) - CENTRE[1]) * M_PER_DEG_LAT,
]

function pointSegmentDistance(p: Pt, a: Pt, b: Pt): number {
  const d = sub(b, a)
  const t = Math.max(0, Math.min(1, dot(sub(p, a), d) / dot(d, d)))
  return dist(p, add(a, scale(d, t)))
}

/** Distance from a polyline to a polygon ring: 0 when it crosses or enters it. */
function lineRingDistance(line: readonly Pt[], ring: readonly Pt[]): number {
  if (line.some((p) => pointInRing(p, ring))) return 0
  let best = Number.POSITIVE_INFINITY
  for (let i = 0; i + 1 < line.length; i++) {
    const [a, b] = [line[i] as Pt, line[i + 1] as Pt]
    ring.forEach((c, k) => {
      const e = at(ring, k + 1)
      const crosses =
        Math.sign(cross(sub(b, a), sub(c, a))) !== Math.sign(cross(sub(b, a), sub(e, a))) &&
        Math.sign(cross(sub(e, c), sub(a, c))) !== Math.sign(cross(sub(e, c), sub(b, c)))
      const gap = crosses
        ? 0
        : Math.min(
            pointSegmentDistance(a, c, e),
            pointSegmentDistance(b, c, e),
            pointSegmentDistance(c, a, b),
            pointSegmentDistance(e, a, b),
          )
      best = Math.min(best, gap)
    })
  }
  return best
}

/**
 * Per lot, the latest planned finish of the unfinished lines (roads, pipes; not substations) within the serving
 * distance: servicing cannot finish before it, as the forecast reads it from the database.
 */
function servicingFloors(lots: Lot[], infrastructure: DemoInfrastructure[]): Map<string, string> {
  const lines = infrastructure
    .filter((i) => i.status !== 'done' && i.planned_finish && i.geometry.type === 'LineString')
    .map((i) => ({
      finish: i.planned_finish as string,
      points: (i.geometry.coordinates as number[][]).map(fromLonLat),
    }))
  const floors = new Map<string, string>()
  for (const lot of lots) {
    for (const line of lines) {
      if (line.finish <= (floors.get(lot.code) ?? '')) continue
      if (lineRingDistance(line.points, lot.ring) <= SERVING_M) floors.set(lot.code, line.finish)
    }
  }
  return floors
}

// ---------- the district ----------

function bboxOf(
  parcels: DemoParcel[],
  infrastructure: DemoInfrastructure[],
): [number, number, number, number] {
  const points: number[][] = [
    ...parcels.flatMap((p) => p.geometry.coordinates.flat(2)),
    ...infrastructure.flatMap((i) =>
      i.geometry.type === 'Point' ? [i.geometry.coordinates] : i.geometry.coordinates,
    ),
  ]
  const xs = points.map((p) => p[0] as number)
  const ys = points.map((p) => p[1] as number)
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]
}

/** The whole demo district; the same on every call. */
export function generateDemoDistrict(): DemoDistrict {
  // one stream per part, so that tuning one part does not reshuffle the others
  const grid = buildGrid(mulberry32(1))
  const lots = buildLots(mulberry32(2), grid)
  assignStatuses(lots)
  const { projects, sites } = buildProjects(mulberry32(3), lots)
  const infrastructure = buildInfrastructure(mulberry32(5), grid)
  const floors = servicingFloors(lots, infrastructure)
  const fates = assignFates(mulberry32(6), lots, sites, floors)
  const milestoneRng = mulberry32(4)
  const parcels = lots.map((lot) =>
    toDemoParcel(
      milestoneRng,
      lot,
      sites.get(lot.code),
      fates.get(lot.code) ?? 'on_track',
      floors.get(lot.code) ?? null,
    ),
  )
  return {
    name: '高新区示范园区',
    demo_year: DEMO_YEAR,
    today: TODAY,
    bbox: bboxOf(parcels, infrastructure),
    parcels,
    projects,
    infrastructure,
  }
}
