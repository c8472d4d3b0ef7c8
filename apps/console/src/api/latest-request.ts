/**
 * A screen that asks again before its last request answered (a filter changed twice, 搜索 pressed
 * twice) must show the last request's answer, not whichever came back last: answers can overtake one
 * another, and an older refusal must not stay on a screen a newer answer filled.
 *
 * `next()` marks a new request and returns whether it is still the latest when its answer comes.
 */
export function latestRequest(): { next(): () => boolean } {
  let sent = 0;
  return {
    next() {
      const mine = ++sent;
      return () => mine === sent;
    },
  };
}
