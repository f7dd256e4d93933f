// The parts of wink-naive-bayes-text-classifier (MIT, no types of its own) the suggester uses.
declare module 'wink-naive-bayes-text-classifier' {
  interface WinkNaiveBayes {
    definePrepTasks(tasks: ((input: unknown) => unknown)[]): number;
    defineConfig(config: { considerOnlyPresence?: boolean; smoothingFactor?: number }): boolean;
    learn(input: unknown, label: string): boolean;
    consolidate(): boolean;
    computeOdds(input: unknown): [string, number][];
    exportJSON(): string;
    importJSON(json: string): boolean;
  }
  function winkNaiveBayes(): WinkNaiveBayes;
  export default winkNaiveBayes;
}
