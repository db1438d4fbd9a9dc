import type { Locale } from '@plantao/shared';

/** The few texts the web bridge itself shows (the renderer words everything else from error codes). */
const TEXT = {
  'pt-BR': {
    otherTab: 'O Plantão já está aberto em outra aba deste navegador: use aquela aba (esta assume quando aquela for fechada).',
    serverFixed: 'A estação no navegador usa apenas o servidor que a abriu.',
  },
  en: {
    otherTab: 'Plantão is already open in another tab of this browser: use that tab (this one takes over when it is closed).',
    serverFixed: 'The browser station only uses the server it was opened from.',
  },
} as const satisfies Record<Locale, Record<string, string>>;

export const bridgeText = (locale: Locale) => TEXT[locale];
