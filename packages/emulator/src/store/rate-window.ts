/** A sliding window of calls: `limit` per `windowMs`, then the seconds until a slot frees. */
export class RateWindow {
  private times: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Takes a slot at `now`; returns undefined when taken, else the seconds to wait (at least 0.001). */
  take(now: number): number | undefined {
    this.times = this.times.filter((time) => time > now - this.windowMs);
    const oldest = this.times[0];
    if (this.times.length >= this.limit && oldest !== undefined) {
      const seconds = (oldest + this.windowMs - now) / 1000;
      return Math.max(0.001, Math.round(seconds * 1000) / 1000);
    }
    this.times.push(now);
    return undefined;
  }

  clear(): void {
    this.times = [];
  }
}
