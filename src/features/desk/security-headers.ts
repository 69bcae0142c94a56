import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * The desk's security headers: the site's strict policy, except that the desk's own script
 * modules may run (`script-src 'self'`: no inline script, no other origin, no eval) and call
 * back to it (`connect-src 'self'`); the galley and page proofs (PDF) open from it in a frame of
 * its own origin. Nothing is cached by shared caches: every page is one user's.
 */
export const DESK_SECURITY_HEADERS: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'none'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'frame-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    },
  },
  referrerPolicy: { policy: 'same-origin' },
  xFrameOptions: { action: 'deny' },
  xDownloadOptions: false,
};
