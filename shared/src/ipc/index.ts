export * from './channels';
export * from './snapshot';
export * from './settings';
export * from './requests';
export * from './desktop-api';
export * from './notification-format';
