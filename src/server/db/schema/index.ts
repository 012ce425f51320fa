export * from './people.js';
export * from './organisations.js';
export * from './platform.js';
export * from './mobilities.js';
export * from './learning.js';
export * from './kits.js';
export * from './offers.js';
