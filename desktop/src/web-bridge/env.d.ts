/// <reference types="vite/client" />

/** The desktop package's version, set by desktop/vite.station.config.mts (`define`). */
declare const __PLANTAO_VERSION__: string;
