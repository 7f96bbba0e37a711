export { defaultCustomerCount, type GenerateOptions, generateEvents } from './generate.js';
export { writeNdjson } from './ndjson.js';
export { Random } from './random.js';
