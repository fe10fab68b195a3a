/** The coordinate reference systems an import may arrive in (kept free of proj4 so the web can import it). */
export const IMPORT_CRSS = ['EPSG:4326', 'EPSG:4490', 'EPSG:4547', 'EPSG:4526'] as const
export type ImportCrs = (typeof IMPORT_CRSS)[number]
/**
 * A CRS a file may be read in: one of IMPORT_CRSS, or any CGCS2000 3-degree Gauss-Krüger zone 25–45 (central
 * meridians 75°E–135°E), EPSG:4513–4533 with the zone number in front of the easting, EPSG:4534–4554 without.
 */
export type ReadCrs = ImportCrs | `EPSG:${number}`

export const IMPORT_FORMATS = ['geojson', 'shapefile', 'kml', 'boundary_txt'] as const
export type ImportFormat = (typeof IMPORT_FORMATS)[number]

/** One feature as a file holds it: coordinates still in the file's CRS, attributes as read. */
export interface SourceFeature {
  id?: string | number
  properties: Record<string, unknown>
  geometry: unknown
  /** what the reader found wrong with this feature alone (the row is rejected, the file is not) */
  problem?: string
  /** the CRS of this feature's coordinates when it is its own (a TXT parcel in the zone its eastings name) */
  crs?: ReadCrs
}

/**
 * Something in the file the import leaves out or reads with care, for the officer to see in the preview (the
 * import goes on): a KML NetworkLink, GroundOverlay or placemark that holds no polygon skipped, text in another encoding.
 */
export interface ImportWarning {
  code: 'kml_network_link' | 'kml_ground_overlay' | 'not_a_polygon' | 'mixed_encoding'
  /** the feature concerned (its position among the file's features or placemarks), null for the whole file */
  index: number | null
  /** what the officer reads, Chinese first */
  message: { 'zh-CN': string; en: string }
}

/** What a reader found in a file: its features and the CRS the file declares (null when it declares none). */
export interface ParsedFile {
  features: SourceFeature[]
  crs: ReadCrs | null
  warnings?: ImportWarning[]
}

/** Which limit a file broke: the route answers 413 or 400 with a message built from it. */
export interface LimitBreach {
  limit:
    | 'upload_bytes'
    | 'entries'
    | 'uncompressed_bytes'
    | 'ratio'
    | 'entry_bytes'
    | 'declared_size'
    | 'nested_archive'
    | 'text_length'
    | 'worker_memory'
  /** the limit's value (entries, bytes or a ratio); 0 when the limit has no figure */
  max: number
  /** the archive entry concerned, as named in the archive */
  entry?: string
}

/** A reader's result; a failure that broke a limit says which. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string; breach?: LimitBreach }
