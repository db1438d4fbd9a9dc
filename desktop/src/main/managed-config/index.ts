export * from './managed-config-path';
export * from './load-managed-config';
export * from './registry-reader';
export * from './reg-exe-reader';
export * from './registry-policy';
export * from './load-machine-policy';
