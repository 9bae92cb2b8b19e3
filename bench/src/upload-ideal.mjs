// The pacing ideal of a throttled upload (benchmark 7): the shortest time in which a client that makes the same
// bulkUpload attempts, in the same order, with the same answers, could have made them. It respects the documented
// limit (at most `limit` requests in any `windowMs`) and every Retry-After (nothing is sent while one is running),
// and costs nothing else: no start-up, no reading, no network time.

/**
 * `attempts`: in the order they were made, each `{ holdMs }`: the Retry-After it was answered with (0 when accepted).
 * Returns the send time of every attempt under the greedy schedule (each as early as both rules allow), the ideal
 * (the last send), its pacing part (what the same attempts cost with no Retry-After: ⌊(n − 1) ÷ limit⌋ windows) and
 * the Retry-After time that could not overlap pacing (the rest).
 */
export function pacingIdeal(attempts, { limit, windowMs }) {
  const sends = [];
  let holdUntil = 0;
  for (let i = 0; i < attempts.length; i++) {
    const previous = i === 0 ? 0 : sends[i - 1];
    const window = i >= limit ? sends[i - limit] + windowMs : 0;
    const at = Math.max(previous, holdUntil, window);
    sends.push(at);
    holdUntil = Math.max(holdUntil, at + (attempts[i].holdMs ?? 0));
  }
  const idealMs = sends.length === 0 ? 0 : sends[sends.length - 1];
  const pacingMs = attempts.length === 0 ? 0 : Math.floor((attempts.length - 1) / limit) * windowMs;
  return { sends, idealMs, pacingMs, retryAfterMs: idealMs - pacingMs };
}
