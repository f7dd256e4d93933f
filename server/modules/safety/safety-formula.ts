// Pure: the safety index's arithmetic (docs/safety-index.md). Each component's raw value is
// normalised linearly between the value that scores full marks (`best`) and the one that scores
// nothing (`worst`), clamped to [0, 1]; its contribution is that times its weight (points of 100),
// rounded to hundredths; the score is the sum of the contributions as shown — exactly, computed in
// whole hundredths so no floating-point residue separates the two.

export interface ComponentSetting {
  key: string;
  weight: number;
  best: number;
  worst: number;
}

export interface GradeSetting {
  code: string;
  nameZh: string;
  nameEn: string;
  minScore: number;
}

export interface ComponentValue {
  key: string;
  /** The raw value (a rate, a count per 10,000 residents); null when there is nothing to measure. */
  value: number | null;
}

export interface ScoredComponent {
  key: string;
  value: number | null;
  normalised: number;
  weight: number;
  contribution: number;
}

/**
 * 0–1: 1 at `best` or beyond it, 0 at `worst` or beyond it, linear between. Nothing to measure (no
 * disputes to resolve, no ratings, no population recorded) scores 1: no evidence of a problem.
 */
export function normalise(value: number | null, best: number, worst: number): number {
  if (value === null || !Number.isFinite(value)) return 1;
  if (best === worst) throw new Error('best and worst must differ');
  const share = (worst - value) / (worst - best);
  return Math.min(1, Math.max(0, share));
}

const hundredths = (x: number) => Math.round(x * 100);

/** Contributions and the score, which is exactly their sum. */
export function scoreComponents(
  settings: readonly ComponentSetting[],
  values: readonly ComponentValue[],
): { score: number; components: ScoredComponent[] } {
  const byKey = new Map(values.map((v) => [v.key, v.value]));
  let total = 0;
  const components = settings.map((s) => {
    const value = byKey.get(s.key) ?? null;
    const normalised = normalise(value, s.best, s.worst);
    const cents = hundredths(normalised * s.weight);
    total += cents;
    return { key: s.key, value, normalised, weight: s.weight, contribution: cents / 100 };
  });
  return { score: total / 100, components };
}

/** The grade whose threshold is the highest one the score reaches (the lowest grade otherwise). */
export function gradeOf(score: number, grades: readonly GradeSetting[]): GradeSetting {
  const sorted = [...grades].sort((a, b) => b.minScore - a.minScore);
  return sorted.find((g) => score >= g.minScore) ?? sorted[sorted.length - 1]!;
}

/** The weights an administrator sends: each 0–100, summing to 100 (to the hundredth), best ≠ worst. */
export function weightsAreValid(settings: readonly ComponentSetting[]): boolean {
  const total = settings.reduce((sum, s) => sum + hundredths(s.weight), 0);
  return (
    total === 10_000 &&
    settings.every((s) => s.weight >= 0 && s.weight <= 100 && Number.isFinite(s.best) && Number.isFinite(s.worst)) &&
    settings.every((s) => s.best !== s.worst)
  );
}
