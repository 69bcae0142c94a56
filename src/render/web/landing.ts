import { escape as escapeHtml } from 'html-escaper';

/** The front page until the web renderer serves the paper itself: where the API and its reference are. */
export function landingPage(baseUrl: string): string {
  const base = escapeHtml(baseUrl);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Newsroom</title>
</head>
<body>
<main>
<h1>Newsroom</h1>
<p>A newspaper content-management service.</p>
<ul>
<li><a href="${base}/docs">API reference</a> (<a href="${base}/openapi.json">OpenAPI 3.1</a>)</li>
<li><a href="${base}/content/v1/sections">Public content API</a></li>
<li><a href="${base}/readyz">Readiness</a></li>
</ul>
</main>
</body>
</html>
`;
}
