// GeoReport services: one per active leaf category of the responsibility list, grouped by its
// parent's name; the attributes some of them ask for come from service-attributes.ts.
import type { Db } from '../../context.ts';
import { listCategories } from '../cases/index.ts';
import { SERVICE_EXTRAS, type ServiceAttribute } from './service-attributes.ts';

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

export interface CatalogueEntry {
  service: Open311Service;
  kind: string;
  attributes: readonly ServiceAttribute[];
}

export async function loadCatalogue(db: Db): Promise<CatalogueEntry[]> {
  const categories = await listCategories(db);
  const groups = new Map(categories.filter((c) => c.parent_code === null).map((c) => [c.code, c]));
  const entries: CatalogueEntry[] = [];
  for (const category of categories) {
    const group = category.parent_code === null ? undefined : groups.get(category.parent_code);
    // Only categories a case can be registered under: a leaf with an owner, switched on.
    if (!group || category.active !== 1 || category.owner_level === null) continue;
    const extras = SERVICE_EXTRAS[category.code] ?? {};
    const attributes = extras.attributes ?? [];
    const keywords = [...new Set([category.name, group.name, category.kind, ...(extras.keywords ?? [])])];
    entries.push({
      kind: category.kind,
      attributes,
      service: {
        service_code: category.code,
        service_name: category.name,
        description: `${group.name} · ${category.name}`,
        metadata: attributes.length > 0,
        type: 'realtime',
        keywords: keywords.join(','),
        group: group.name,
      },
    });
  }
  return entries;
}

export async function findService(db: Db, code: string): Promise<CatalogueEntry | undefined> {
  return (await loadCatalogue(db)).find((e) => e.service.service_code === code);
}

/** GeoReport's service definition: the questions, in order, with their choices. */
export function serviceDefinition(entry: CatalogueEntry) {
  return {
    service_code: entry.service.service_code,
    attributes: entry.attributes.map((a, i) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatypeDescription ?? null,
      order: i + 1,
      description: a.description,
      values: (a.values ?? []).map((v) => ({ key: v.key, name: v.name })),
    })),
  };
}
