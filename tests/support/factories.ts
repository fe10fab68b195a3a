/** A square parcel geometry of `sizeDeg` degrees with its south-west corner at (lon, lat). */
export function squarePolygon(lon: number, lat: number, sizeDeg = 0.001): GeoJSON.Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + sizeDeg, lat],
        [lon + sizeDeg, lat + sizeDeg],
        [lon, lat + sizeDeg],
        [lon, lat],
      ],
    ],
  }
}

/** A parcel body for POST /api/parcels, far from the demo district unless told otherwise. */
export function makeParcel(overrides: Record<string, unknown> = {}) {
  return {
    code: `T-${Math.random().toString(36).slice(2, 10)}`,
    name: '测试地块',
    land_use: 'M1',
    geometry: squarePolygon(110.0 + Math.random() * 0.5, 20.0 + Math.random() * 0.5),
    ...overrides,
  }
}
