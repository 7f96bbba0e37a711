export * from './events';
export * from './money';
export * from './period';
