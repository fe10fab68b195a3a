import { readFileSync } from 'node:fs'

/** A file from tests/fixtures/import as bytes. */
export function importFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../../fixtures/import/${name}`, import.meta.url)))
}

/** Planar area of a polygon (outer ring minus holes) by the shoelace formula, in the units² of its coordinates. */
export function planarArea(rings: number[][][]): number {
  const ringArea = (ring: number[][]) => {
    let sum = 0
    for (let i = 0; i < ring.length - 1; i++) {
      const [x1 = 0, y1 = 0] = ring[i] as number[]
      const [x2 = 0, y2 = 0] = ring[i + 1] as number[]
      sum += x1 * y2 - x2 * y1
    }
    return Math.abs(sum / 2)
  }
  const [outer = [], ...holes] = rings
  return ringArea(outer) - holes.reduce((s, h) => s + ringArea(h), 0)
}
