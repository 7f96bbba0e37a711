export * from './bounds';
export * from './catalogue';
export * from './fields';
export * from './json-text';
export * from './parse';
export * from './schemas';
