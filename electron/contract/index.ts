export * from './errors.js';
export * from './jobs.js';
export * from './settings.js';
export * from './system.js';
export * from './models.js';
export * from './calls.js';
export * from './events.js';
