// The category list (权责清单) changes rarely: loaded once per page load and shared.
import { api } from './api.ts';
import type { Category } from './api-types.ts';

let cached: Promise<Category[]> | null = null;

export function loadCategories(): Promise<Category[]> {
  cached ??= api.GET('/api/v1/categories').then(
    (answer) => answer.items,
    (error: unknown) => {
      cached = null;
      throw error;
    },
  );
  return cached;
}

/** Leaf categories (the ones a case can have), grouped under their parents' names. */
export function categoryOptions(
  categories: Category[],
): { label: string; options: { value: string; label: string }[] }[] {
  const names = new Map(categories.map((c) => [c.code, c.name]));
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const c of categories) {
    if (c.ownerLevel === null) continue;
    const group = names.get(c.parentCode ?? '') ?? '';
    groups.set(group, [...(groups.get(group) ?? []), { value: c.code, label: c.name }]);
  }
  return [...groups].map(([label, options]) => ({ label, options }));
}

let cachedPublic: Promise<Category[]> | null = null;

/** The same list without signing in (the residents' page's report without an account). */
export function loadPublicCategories(): Promise<Category[]> {
  cachedPublic ??= api.GET('/api/v1/public/categories').then(
    (answer) => answer.items,
    (error: unknown) => {
      cachedPublic = null;
      throw error;
    },
  );
  return cachedPublic;
}
