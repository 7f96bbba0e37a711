export * from './catalogue';
export * from './fields';
export * from './parse';
export * from './schemas';
