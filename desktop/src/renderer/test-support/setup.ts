import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// No vitest globals here, so Testing Library cannot register its own cleanup.
afterEach(() => cleanup());

// jsdom lays nothing out and has no scrolling: the virtual lists call these.
Element.prototype.scrollTo ??= function scrollTo(this: Element, options?: ScrollToOptions | number) {
  if (typeof options === 'object' && options.top !== undefined) this.scrollTop = options.top;
};
Element.prototype.scrollIntoView ??= function scrollIntoView() {};
