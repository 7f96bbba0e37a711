export * from './bounds.js';
export * from './catalogue.js';
export * from './fields.js';
export * from './json-text.js';
export * from './parse.js';
export * from './schemas.js';
