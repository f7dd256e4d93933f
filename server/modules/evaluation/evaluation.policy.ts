// Pure: who sees a sample and who works it. A sample belongs to the area of the unit it was drawn
// for; an actor reads the samples of units inside its jurisdiction for `evaluation:read`, and calls
// (reveals, records) only inside its jurisdiction for `evaluation:sample`.
import { isWithin } from '../../platform/db/subtree.ts';
import { jurisdictionPaths, type Actor } from '../auth/index.ts';

export function canReadSample(actor: Actor, sample: { unit_path: string }): boolean {
  return jurisdictionPaths(actor, 'evaluation:read').some((root) => isWithin(sample.unit_path, root));
}

export function canWorkSample(actor: Actor, sample: { unit_path: string }): boolean {
  return jurisdictionPaths(actor, 'evaluation:sample').some((root) => isWithin(sample.unit_path, root));
}
