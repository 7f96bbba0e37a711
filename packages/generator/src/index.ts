export { defaultCustomerCount, type GenerateOptions, generateEvents } from './generate';
export { writeNdjson } from './ndjson';
export { Random } from './random';
