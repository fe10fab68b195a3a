// `npm run bench:matching [runs]`: times matching one project against the demo district (603 parcels) through the
// app — GET /api/projects/:id/matches (the candidate query in PostGIS, forecasts and scores for the candidates) —
// and GET /api/parcels/:id/matches, and prints p50/p95. DATABASE_URL names a real PostGIS; without it an embedded
// PostGIS in GUATU_BENCH_DATA_DIR (default /tmp/guatu-bench-matching). It works in a schema of its own, dropped at
// the end, so a real database keeps its data.
import { openDemoBench } from './demo-app'

const runs = Number(process.argv[2] ?? 50)
const { pool, app, cookie, close, databaseKind } = await openDemoBench('matching', 'investor')

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

async function time(label: string, request: () => Promise<Response>) {
  const warm = await request()
  if (warm.status !== 200) throw new Error(`${label}: ${warm.status} ${await warm.text()}`)
  const results = (await warm.json()) as unknown[]
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    const res = await request()
    await res.arrayBuffer()
    ms.push(performance.now() - start)
  }
  ms.sort((a, b) => a - b)
  console.log(
    `${label}: ${results.length} results; p50 ${percentile(ms, 50).toFixed(1)} ms, ` +
      `p95 ${percentile(ms, 95).toFixed(1)} ms, max ${(ms.at(-1) ?? 0).toFixed(1)} ms over ${runs} runs`,
  )
}

try {
  // the project still looking for land with the widest area range: the most candidates to weigh
  const { rows } = await pool.query<{ id: number; name: string }>(
    `select id, name from projects
     where stage in ('lead', 'negotiating', 'signed') and need_area_mu_max is not null
       and 'M1' = any(need_land_use)
     order by need_area_mu_max - coalesce(need_area_mu_min, 0) desc, id limit 1`,
  )
  const project = rows[0]
  if (!project) throw new Error('no demo project needs land')
  const parcel = await pool.query<{ id: number }>(
    `select id from parcels where status = 'available' and land_use = 'M1' order by id limit 1`,
  )
  const counts = await pool.query<{ parcels: number }>('select count(*)::int as parcels from parcels')
  console.log(
    `matching on the ${databaseKind} database: ${counts.rows[0]?.parcels} parcels, ` +
      `project ${project.id} ${project.name}`,
  )
  const headers = { cookie }
  await time('GET /api/projects/:id/matches?limit=10', () =>
    Promise.resolve(app.request(`/api/projects/${project.id}/matches?limit=10`, { headers })),
  )
  await time('GET /api/parcels/:id/matches', () =>
    Promise.resolve(app.request(`/api/parcels/${parcel.rows[0]?.id}/matches`, { headers })),
  )
} finally {
  await close()
}
