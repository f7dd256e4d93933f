// Types for the tests of the lint rule (the rule itself is plain JavaScript, loaded by ESLint).
import type { Rule } from 'eslint';

declare const rule: Rule.RuleModule;
export default rule;
export function ownerOfFile(relative: string): string | null;
export function readTableOwners(root?: string): { owners: Map<string, string>; files: string[] };
