export { createSessionsService, type SessionsService, type SignedIn } from './service.js';
