export * from './people.js';
export * from './organisations.js';
export * from './platform.js';
