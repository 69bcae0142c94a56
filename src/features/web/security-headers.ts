import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * The security headers of every web response, set by @fastify/helmet: a strict
 * Content-Security-Policy (no script at all; styles, fonts and images from the site, images also
 * over https; no framing, no base or form targets elsewhere), and helmet's defaults, except that
 * frames are denied outright, a referrer is sent to this origin in full and elsewhere only as the
 * origin, and the obsolete `X-Download-Options` is not sent.
 */
export const SECURITY_HEADERS: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'none'"],
      'script-src': ["'none'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:', 'https:'],
      'font-src': ["'self'"],
      'base-uri': ["'none'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    },
  },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  xFrameOptions: { action: 'deny' },
  xDownloadOptions: false,
};
