// Pure: who reads and who edits an article. An article applies under its owner unit, so a staff
// member reads those owned inside its jurisdiction and those of the units above it (a
// province-wide article at the root applies everywhere); an administrator edits only the articles
// of units inside its own jurisdiction.
import { isWithin } from '../../platform/db/subtree.ts';
import { can, jurisdictionPaths, type Actor } from '../auth/index.ts';

/** Does an article owned at `unitPath` apply at `path` (a case's region, a member's area)? */
export function articleAppliesAt(article: { unitPath: string }, path: string): boolean {
  return isWithin(path, article.unitPath);
}

export function canReadArticle(actor: Actor, article: { unitPath: string }): boolean {
  return jurisdictionPaths(actor, 'knowledge:read').some(
    (root) => isWithin(article.unitPath, root) || isWithin(root, article.unitPath),
  );
}

export function canManageArticle(actor: Actor, article: { unitPath: string }): boolean {
  return can(actor, 'knowledge:manage', [article.unitPath]);
}
