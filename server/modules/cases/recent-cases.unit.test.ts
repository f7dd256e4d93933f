// The cells the repeat-location look-up asks case_place_cell_idx for must hold every point of the
// box, as either database casts a coordinate to its cell: SQLite truncates, PostgreSQL rounds.
import { describe, expect, it } from 'vitest';
import { cellsCovering } from './recent-cases.repository.ts';

const sqliteCell = (x: number) => Math.trunc(x * 1000);
// PostgreSQL rounds a double to integer half away from zero (rint in practice; ties are irrelevant here).
const postgresCell = (x: number) => Math.sign(x) * Math.round(Math.abs(x) * 1000);

describe('cellsCovering', () => {
  it('holds the cell of every coordinate in the range, on both databases', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const missed: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const centre = (random() - 0.3) * 180;
      const half = random() * 0.003;
      const cells = new Set(cellsCovering(centre - half, centre + half));
      for (let k = 0; k <= 20; k++) {
        const x = centre - half + (2 * half * k) / 20;
        if (!cells.has(sqliteCell(x))) missed.push(`sqlite ${x}`);
        if (!cells.has(postgresCell(x))) missed.push(`postgres ${x}`);
      }
    }
    expect(missed).toEqual([]);
  });

  it('asks for a handful of cells for 100 m', () => {
    const dLat = 100 / 111_000;
    expect(cellsCovering(36.652 - dLat, 36.652 + dLat).length).toBeLessThanOrEqual(4);
  });
});
