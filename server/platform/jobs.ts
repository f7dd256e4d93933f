// Repeating background work (sweeper, notifier) in one process: never two runs of the same job
// at once here; across processes the jobs themselves claim their rows atomically.
export interface RepeatingJob {
  stop(): Promise<void>;
}

export function startRepeating(
  name: string,
  intervalMs: number,
  run: () => Promise<unknown>,
  onError: (name: string, error: unknown) => void,
): RepeatingJob {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = run()
      .catch((error: unknown) => onError(name, error))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
