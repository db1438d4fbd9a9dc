export * from './managed-config-path';
export * from './load-managed-config';
