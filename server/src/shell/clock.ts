/**
 * The shell's clock: virtual time follows real time at a chosen speed (1x, 10x, 60x...) or stands
 * still when paused. The shell asks how much virtual time is due before each command and tick.
 */
export class ShellClock {
  private lastRealMs: number;
  private carry = 0;

  constructor(private readonly nowMs: () => number, public speed = 1, public paused = false) {
    this.lastRealMs = nowMs();
  }

  /** Virtual seconds due since the last call (whole seconds; the rest carries over). */
  due(): number {
    const now = this.nowMs();
    const elapsed = Math.max(0, now - this.lastRealMs) / 1000;
    this.lastRealMs = now;
    if (this.paused) return 0;
    this.carry += elapsed * this.speed;
    const whole = Math.floor(this.carry);
    this.carry -= whole;
    return whole;
  }

  pause(): void {
    this.due();
    this.paused = true;
  }

  resume(): void {
    this.lastRealMs = this.nowMs();
    this.carry = 0;
    this.paused = false;
  }

  setSpeed(speed: number): void {
    this.due();
    this.speed = speed;
  }

  describe(): string {
    return this.paused ? 'paused' : `${this.speed}x`;
  }
}

/** `10x`, `10`, `60x` -> 10, 60; undefined when not a positive speed up to 3600x. */
export function parseSpeed(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)x?$/i.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n > 0 && n <= 3600 ? n : undefined;
}
