// 权责清单 routing: the unit a category's responsibility list names for where the case is — a
// township's territorial mediation committee for a neighbour dispute, the county's medical
// committee for a medical dispute. The dispatcher sees it as the suggestion and may pick another.
import type { Db } from '../../context.ts';
import { findAncestors, findUnitById, standardUnitOf } from '../org/index.ts';
import { findCategory } from './category.repository.ts';
import type { CaseRow } from './cases.repository.ts';

export interface SuggestedUnit {
  id: number;
  code: string;
  name: string;
  type: string;
  kind: string | null;
}

export async function suggestLeadUnit(db: Db, row: CaseRow): Promise<SuggestedUnit | null> {
  const category = await findCategory(db, row.category_code);
  if (!category?.owner_level || !category.owner_unit) return null;
  const region = await findUnitById(db, row.region_id);
  if (!region) return null;
  const chain = [...(await findAncestors(db, region)), region];
  const owner = chain.find((u) => u.type === 'region' && u.level === category.owner_level);
  if (!owner) return null;
  const unit = await standardUnitOf(db, owner.id, category.owner_unit);
  return unit ? { id: unit.id, code: unit.code, name: unit.name, type: unit.type, kind: unit.kind } : null;
}
