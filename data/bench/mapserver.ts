// MapServer as the tile benchmark's peer (issue 20): Debian's cgi-mapserver as 2 FastCGI workers (spawn-fcgi)
// behind lighttpd, reading the benchmark's database with the selection Guatu's tiles make — parcels `&&` the tile
// grown by TILE_BUFFER units (MapServer's !BOX! is the tile itself; its EDGE_BUFFER only widens the clip), the
// largest TILE_FEATURE_CAP first; below PARCEL_DETAIL_MINZOOM
// the same overview cells added up per cell of the tile's zoom. Used by `npm run bench` when the three programs
// are installed: apt-get install cgi-mapserver spawn-fcgi lighttpd.
import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import {
  OVERVIEW_BASE_ZOOM,
  overviewCellSize,
  PARCEL_DETAIL_MINZOOM,
  TILE_BUFFER,
  TILE_EXTENT,
  TILE_FEATURE_CAP,
  type TileAddress,
  WEB_MERCATOR_HALF,
} from '../../server/domain/tiles'

const MAPSERV = '/usr/lib/cgi-bin/mapserv'
const SPAWN_FCGI = '/usr/bin/spawn-fcgi'
const LIGHTTPD = '/usr/sbin/lighttpd'

export function mapServerInstalled(): boolean {
  return [MAPSERV, SPAWN_FCGI, LIGHTTPD].every((p) => existsSync(p))
}

/** A libpq connection string for a postgres:// URL (MapServer's CONNECTION). */
function libpqConnection(databaseUrl: string): string {
  const u = new URL(databaseUrl)
  const parts = [
    `host=${u.hostname}`,
    `port=${u.port || '5432'}`,
    `dbname=${decodeURIComponent(u.pathname.slice(1))}`,
    `user=${decodeURIComponent(u.username)}`,
  ]
  if (u.password) parts.push(`password=${decodeURIComponent(u.password)}`)
  return parts.join(' ')
}

/**
 * The overview layer for zoom z as a MapServer DATA statement: the cells whose index rounds inside !BOX! (the tile,
 * or the tile grown by less than half a cell); then the same sums as Guatu's
 * overview (server/db/tiles.ts tileFeaturesQuery) over parcel_overview_cells.
 */
function overviewData(z: number): string {
  const factor = 2 ** (OVERVIEW_BASE_ZOOM - z)
  const cell = overviewCellSize(z)
  const half = WEB_MERCATOR_HALF
  const mu = 0.0015
  const where = `c.cx between b.gx0 * ${factor} and (b.gx1 + 1) * ${factor} - 1 and c.cy between b.gy0 * ${factor} and (b.gy1 + 1) * ${factor} - 1`
  // as Guatu's: at z13 one stored cell is one cell of the tile, read as it is
  const cells =
    factor === 1
      ? `select c.cx as gx, c.cy as gy, c.status, c.parcels as n, c.area_m2 as a from parcel_overview_cells c, b where ${where}`
      : `select c.cx / ${factor} as gx, c.cy / ${factor} as gy, c.status, sum(c.parcels) as n, sum(c.area_m2) as a
      from parcel_overview_cells c, b where ${where} group by 1, 2, 3`
  return `geom from (with b as (select
      floor((ST_XMin(!BOX!) + ${half}) / ${cell} + 0.75)::int as gx0, floor((ST_XMax(!BOX!) + ${half}) / ${cell} - 0.75)::int as gx1,
      floor((${half} - ST_YMax(!BOX!)) / ${cell} + 0.75)::int as gy0, floor((${half} - ST_YMin(!BOX!)) / ${cell} - 0.75)::int as gy1),
    s as (${cells})
    select gx::int8 * 100000000 + gy as id, sum(n)::int as count, round((sum(a) * ${mu})::numeric, 1)::float8 as area_mu,
      round((coalesce(sum(a) filter (where status = 'available'), 0) * ${mu})::numeric, 1)::float8 as available_mu,
      (array_agg(status order by n desc, status))[1] as status,
      ST_MakeEnvelope(gx * ${cell}::float8 - ${half}, ${half} - (gy + 1) * ${cell}::float8,
        (gx + 1) * ${cell}::float8 - ${half}, ${half} - gy * ${cell}::float8, 3857) as geom
    from s group by gx, gy) as sub using unique id using srid=3857`
}

const PARCELS_DATA = `geom from (select p.id, p.id::int4 as pid, p.code, p.name, p.status, p.land_use,
    round((p.area_m2 * 0.0015)::numeric, 2)::float8 as area_mu, p.geom_3857 as geom
  from parcels p where p.geom_3857 && ST_Expand(!BOX!, (ST_XMax(!BOX!) - ST_XMin(!BOX!)) * ${TILE_BUFFER / TILE_EXTENT})
  order by p.area_m2 desc, p.id limit ${TILE_FEATURE_CAP}) as sub
  using unique id using srid=3857`

function layer(name: string, data: string, connection: string): string {
  return `  LAYER
    NAME "${name}"
    TYPE POLYGON
    STATUS ON
    CONNECTIONTYPE POSTGIS
    CONNECTION "${connection}"
    PROCESSING "CLOSE_CONNECTION=DEFER"
    DATA "${data.replace(/\s+/g, ' ')}"
    PROJECTION
      "init=epsg:3857"
    END
    METADATA
      "gml_include_items" "all"
      "gml_types" "auto"
    END
  END`
}

export function mapfile(databaseUrl: string, overviewZooms: number[]): string {
  const connection = libpqConnection(databaseUrl)
  return `MAP
  NAME "guatu"
  EXTENT ${-WEB_MERCATOR_HALF} ${-WEB_MERCATOR_HALF} ${WEB_MERCATOR_HALF} ${WEB_MERCATOR_HALF}
  SIZE ${TILE_EXTENT} ${TILE_EXTENT}
  PROJECTION
    "init=epsg:3857"
  END
  OUTPUTFORMAT
    NAME "mvt"
    DRIVER MVT
    FORMATOPTION "EXTENT=${TILE_EXTENT}"
    FORMATOPTION "EDGE_BUFFER=${TILE_BUFFER}"
  END
  IMAGETYPE "mvt"
${layer('parcels', PARCELS_DATA, connection)}
${overviewZooms.map((z) => layer(`parcels_overview_z${z}`, overviewData(z), connection)).join('\n')}
END
`
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/**
 * Starts `workers` FastCGI mapserv processes and lighttpd in front of them on a free port. MapServer cannot tell a
 * sparse tile from a dense one (server/db/tiles.ts tileContent): the benchmark asks for the layer Guatu's tile holds.
 */
export async function startMapServer(databaseUrl: string, workers = 2) {
  const dir = await mkdtemp(join(tmpdir(), 'guatu-mapserver-'))
  const overviewZooms = Array.from({ length: PARCEL_DETAIL_MINZOOM }, (_, z) => z).filter(
    (z) => z >= PARCEL_DETAIL_MINZOOM - 3,
  )
  await writeFile(join(dir, 'guatu.map'), mapfile(databaseUrl, overviewZooms))
  await writeFile(join(dir, 'mapserver.conf'), `CONFIG\n  ENV\n    MS_MAP_PATTERN "^${dir}/"\n  END\nEND\n`)
  const socket = join(dir, 'mapserv.sock')
  const port = await freePort()
  await writeFile(
    join(dir, 'lighttpd.conf'),
    `server.document-root = "${dir}"
server.port = ${port}
server.bind = "127.0.0.1"
server.max-keep-alive-requests = 1000000
server.max-keep-alive-idle = 600
server.modules += ( "mod_fastcgi" )
fastcgi.server = ( "/mapserv" => (( "socket" => "${socket}", "check-local" => "disable" )) )
`,
  )
  await promisify(execFile)(
    SPAWN_FCGI,
    ['-s', socket, '-F', String(workers), '-P', join(dir, 'fcgi.pid'), '--', MAPSERV],
    { env: { ...process.env, MAPSERVER_CONFIG_FILE: join(dir, 'mapserver.conf') } },
  )
  const fcgiPids = (await readFile(join(dir, 'fcgi.pid'), 'utf8')).split(/\s+/).filter(Boolean).map(Number)
  const lighttpd = spawn(LIGHTTPD, ['-D', '-f', join(dir, 'lighttpd.conf')], { stdio: 'ignore' })
  const base = `http://127.0.0.1:${port}`
  // lighttpd answers once it listens
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`${base}/`).then(
      () => true,
      () => false,
    )
    if (up) break
    await new Promise((r) => setTimeout(r, 50))
  }
  const mapPath = encodeURIComponent(join(dir, 'guatu.map'))
  return {
    base,
    /** a parcels tile: its parcels, or the overview of its zoom when Guatu's holds that (`content`) */
    tilePath: ({ z, x, y }: TileAddress, content: string) =>
      `/mapserv?map=${mapPath}&mode=tile&tilemode=gmap&tile=${x}+${y}+${z}&layers=${
        content === 'parcels' ? 'parcels' : `parcels_overview_z${z}`
      }`,
    async close() {
      lighttpd.kill()
      // a FastCGI mapserv waiting in accept() outlives SIGTERM
      for (const pid of fcgiPids) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // already gone
        }
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}
