// The pacing ideal of a throttled upload (benchmark 7): the shortest time in which a client that makes the same
// bulkUpload attempts, in the same order, with the same answers, could have made them. It respects the documented
// limit (at most `limit` requests in any `windowMs`) and every Retry-After (nothing is sent while one is running),
// and costs nothing else: no start-up, no reading, no network time. Given each answer's time, the same schedule is
// also that of an ideal serial client (one request at a time, as graphsync and CSV2SCIM send).

/**
 * `attempts`: in the order they were made, each `{ holdMs, serviceMs }`: the Retry-After it was answered with (0
 * when accepted) and, optionally, how long its answer took (default 0: the ideal proper). Returns the send time of
 * every attempt under the greedy schedule (each as early as the window, every Retry-After and, when service times are
 * given, the previous answer allow), the ideal (the last answer), its pacing part (what the same attempts cost with
 * no Retry-After and no service time: ⌊(n − 1) ÷ limit⌋ windows) and the rest.
 */
export function pacingIdeal(attempts, { limit, windowMs }) {
  const sends = [];
  let holdUntil = 0;
  let free = 0;
  for (let i = 0; i < attempts.length; i++) {
    const window = i >= limit ? sends[i - limit] + windowMs : 0;
    const at = Math.max(free, holdUntil, window);
    const answered = at + (attempts[i].serviceMs ?? 0);
    sends.push(at);
    free = answered;
    holdUntil = Math.max(holdUntil, answered + (attempts[i].holdMs ?? 0));
  }
  const idealMs = free;
  const pacingMs = attempts.length === 0 ? 0 : Math.floor((attempts.length - 1) / limit) * windowMs;
  return { sends, idealMs, pacingMs, retryAfterMs: idealMs - pacingMs };
}
