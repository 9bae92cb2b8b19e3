/** Words for error messages: "did you mean" suggestions, and user input quoted safely. */

/** Damerau-free Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] ?? 0;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] ?? 0;
}

export function suggest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined && bestDistance <= Math.max(2, Math.floor(input.length / 3))) return best;
  return sharedStem(input, candidates);
}

/** Another form of the same word ("failed" for failure, "disabled" for disable): one candidate sharing 4+ letters. */
function sharedStem(input: string, candidates: readonly string[]): string | undefined {
  const stem = input.toLowerCase().slice(0, 4);
  if (stem.length < 4) return undefined;
  const found = candidates.filter((candidate) => candidate.toLowerCase().startsWith(stem));
  return found.length === 1 ? found[0] : undefined;
}

/** Shows a user-supplied token in an error without flooding the terminal or echoing control characters. */
export function quote(token: string, max = 60): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is being removed
  const printable = token.replace(/[\u0000-\u001f\u007f]/g, "?");
  return JSON.stringify(printable.length > max ? `${printable.slice(0, max)}…` : printable);
}
