// What the signed-in administrator may administer: the roots of the admin's area (the region a
// membership anchors on, as the API's access policy does) and whether that area is the whole
// province — the calendar and the responsibility list are province-wide and only such an
// administrator edits them (the API answers 403 to others).
import { api } from '../../shared/api.ts';
import type { Me, Unit, UnitWithAncestors } from '../../shared/api-types.ts';

export interface AdminScope {
  /** Regions at the top of the admin's area, outermost first. */
  roots: Unit[];
  /** The admin's area is the whole tree (a province administrator). */
  wholeTree: boolean;
}

const cache = new Map<number, Promise<AdminScope>>();

/** The region whose subtree a membership covers: the unit itself for a region, else its parent. */
function anchorOf(unit: UnitWithAncestors): Unit {
  if (unit.type === 'region') return unit;
  return unit.ancestors[unit.ancestors.length - 1] ?? unit;
}

export function loadAdminScope(me: Me): Promise<AdminScope> {
  let found = cache.get(me.user.id);
  if (!found) {
    found = (async () => {
      const units = await Promise.all(
        me.memberships
          .filter((m) => m.role === 'admin')
          .map((m) => api.GET('/api/v1/units/{id}', { params: { path: { id: m.unitId } } })),
      );
      const anchors = units.map(anchorOf).sort((a, b) => a.path.localeCompare(b.path));
      // Nested areas collapse into the outer one.
      const roots = anchors.filter((a, i) => !anchors.slice(0, i).some((b) => a.path.startsWith(b.path)));
      return { roots, wholeTree: roots.some((r) => r.parentId === null) };
    })();
    found.catch(() => cache.delete(me.user.id));
    cache.set(me.user.id, found);
  }
  return found;
}
