import { ref, type Ref } from 'vue';
import type { ProblemError } from './client';
import { latestRequest } from './latest-request';

/**
 * The steps of a screen's read, given by the screen. `Args` are what `load(...)` is called with
 * (most screens: none; a list: whether it starts again from the first page), handed on to each step.
 */
export interface ScreenReadSteps<Args extends unknown[], T> {
  /**
   * Drops, as a read starts, what belonged to what was shown before: a draft of the year before,
   * a 复核 result of another ranking. Most screens have none.
   */
  start?(...args: Args): void;
  /** Asks the API; a refusal is thrown (`must`). */
  read(...args: Args): Promise<T>;
  /** Puts the answer on the screen. */
  show(answer: T, ...args: Args): void;
  /**
   * Empties what the screen showed, where a refused read must not leave it up (another year's table
   * under this year's heading), and returns what the banner says: the refusal, or null where the
   * screen says it in its own words (无权查看, a year with no calendar yet). Without it the screen
   * keeps what it showed and the banner shows the refusal.
   */
  refused?(refusal: ProblemError, ...args: Args): ProblemError | null;
}

/** The state of a screen's read, for its spinner (v-loading) and its ProblemBanner. */
export interface ScreenLoad<Args extends unknown[]> {
  /** A read is out: true from the first `load` until the last one asked has answered. */
  loading: Ref<boolean>;
  /** Why the last read was refused; null again as soon as the screen reads again. */
  problem: Ref<ProblemError | null>;
  /** Reads again (on opening, a filter changed, 刷新); resolves once this read is shown or dropped. */
  load(...args: Args): Promise<void>;
}

/**
 * A screen's read of what it shows, with its spinner and its banner. Only the last read asked is
 * shown: a screen may ask again before an answer came (the year changed twice, 刷新 pressed twice),
 * answers can overtake one another, and an older answer or refusal must not replace a newer one. So an
 * earlier read answering after a later one is dropped whole, and the spinner stays until the last
 * one answers.
 *
 * The screen may also write `problem` itself (an export or a 复核 refused shows in the same banner).
 */
export function useScreenLoad<Args extends unknown[], T>(screen: ScreenReadSteps<Args, T>): ScreenLoad<Args> {
  const loading = ref(false);
  const problem = ref<ProblemError | null>(null);
  const requests = latestRequest();
  async function load(...args: Args): Promise<void> {
    const latest = requests.next();
    loading.value = true;
    problem.value = null;
    screen.start?.(...args);
    try {
      const answer = await screen.read(...args);
      if (latest()) screen.show(answer, ...args);
    } catch (error) {
      if (!latest()) return;
      const refusal = error as ProblemError;
      problem.value = screen.refused ? screen.refused(refusal, ...args) : refusal;
    } finally {
      if (latest()) loading.value = false;
    }
  }
  return { loading, problem, load };
}
