/**
 * Markup a writer or editor might type, as the articles issue listed it: each would run script
 * if a page put it out unescaped. `alert` opens a dialog and `__xss` is recorded by `watchXss`
 * (test/helpers/browser.ts), so either shows that it ran.
 */
export const XSS_VECTORS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[a](javascript:alert(1))',
  '<svg onload=alert(1)>',
  '"><script>alert(1)</script>',
  '</script><script>alert(1)</script>',
  '<script>__xss("script")</script><img src=x onerror=__xss("img")><svg onload=__xss("svg")>',
  '[链接](javascript:__xss("link"))',
] as const;
