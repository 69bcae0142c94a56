export * from './users.js';
export * from './sections.js';
export * from './people.js';
export * from './audit.js';
export * from './articles.js';
export * from './notices.js';
export * from './editions.js';
export * from './imports.js';
