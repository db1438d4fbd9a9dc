/**
 * Disconnects a socket when its access token expires, unless `refresh_token`
 * pushed the deadline. One timer per socket; cleared on disconnect.
 */
export class TokenExpiryTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  schedule(socketId: string, expSeconds: number, onExpire: () => void): void {
    this.clear(socketId);
    // setTimeout overflows past 2^31-1 ms (~24 days): cap it, tokens never live that long.
    const delay = Math.min(Math.max(0, expSeconds * 1000 - Date.now()), 2 ** 31 - 1);
    this.timers.set(socketId, setTimeout(onExpire, delay));
  }

  clear(socketId: string): void {
    clearTimeout(this.timers.get(socketId));
    this.timers.delete(socketId);
  }

  clearAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
