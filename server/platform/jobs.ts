// Repeating background work (sweeper, notifier) in one process: never two runs of the same job
// at once here; across processes the jobs themselves claim their rows atomically.
export interface RepeatingJob {
  stop(): Promise<void>;
  /** Runs the job now instead of at its next interval (once more after a run in progress). */
  wake(): void;
}

export function startRepeating(
  name: string,
  intervalMs: number,
  run: () => Promise<unknown>,
  onError: (name: string, error: unknown) => void,
): RepeatingJob {
  let running: Promise<unknown> | null = null;
  let again = false;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    if (running) return;
    running = run()
      .catch((error: unknown) => onError(name, error))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          tick();
        }
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
    wake() {
      if (running) again = true;
      else tick();
    },
  };
}
