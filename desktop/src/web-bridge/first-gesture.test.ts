import { describe, expect, it, vi } from 'vitest';
import { onFirstGesture } from './first-gesture';

describe('onFirstGesture', () => {
  it('runs once, at the first click or key press', () => {
    const action = vi.fn();
    const page = new EventTarget();
    onFirstGesture(page, action);
    page.dispatchEvent(new Event('keydown'));
    page.dispatchEvent(new Event('pointerdown'));
    expect(action).toHaveBeenCalledTimes(1);
  });

  it('can stop listening before any gesture', () => {
    const action = vi.fn();
    const page = new EventTarget();
    onFirstGesture(page, action)();
    page.dispatchEvent(new Event('pointerdown'));
    expect(action).not.toHaveBeenCalled();
  });
});
