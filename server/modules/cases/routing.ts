// 权责清单 routing: the unit a category's responsibility list names for where the case is — a
// township's territorial mediation committee for a neighbour dispute, the county's medical
// committee for a medical dispute. The dispatcher sees it as the suggestion and may pick another.
import type { Db } from '../../context.ts';
import { standardUnitAtLevel } from '../org/index.ts';
import { findCategory } from './category.repository.ts';
import type { CaseRow } from './cases.repository.ts';

export interface SuggestedUnit {
  id: number;
  code: string;
  name: string;
  type: string;
  kind: string | null;
}

/**
 * Two statements: the category, then the owner in one read. The case's `region_path` is its
 * region's path (a region with cases cannot move), so the chain above it needs no read of its own.
 */
export async function suggestLeadUnit(
  db: Db,
  row: Pick<CaseRow, 'category_code' | 'region_path'>,
): Promise<SuggestedUnit | null> {
  const category = await findCategory(db, row.category_code);
  if (!category?.owner_level || !category.owner_unit) return null;
  const unit = await standardUnitAtLevel(db, row.region_path, category.owner_level, category.owner_unit);
  return unit ? { id: unit.id, code: unit.code, name: unit.name, type: unit.type, kind: unit.kind } : null;
}
