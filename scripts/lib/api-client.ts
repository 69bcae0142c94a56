/** An article or notice as the newsroom API answers: its id and the version an If-Match names. */
export interface Item {
  id: number;
  version: number;
}

/** One newsroom API request; a body that is not a string goes as JSON, `version` as If-Match. */
export type Call = <T>(method: string, url: string, body?: unknown, options?: { version?: number; type?: string }) => Promise<T>;

/** Requests with one bearer token, throwing on any answer but 2xx; JSON answers parsed, others as text. */
export function client(baseUrl: string, token: string): Call {
  return async <T>(method: string, url: string, body?: unknown, options: { version?: number; type?: string } = {}): Promise<T> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (options.version !== undefined) headers['if-match'] = `"${options.version}"`;
    if (body !== undefined) headers['content-type'] = options.type ?? 'application/json';
    const response = await fetch(`${baseUrl}${url}`, { method, headers, body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 500)}`);
    return (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
  };
}

/** Moves an item through workflow `steps` (status names), one status change each. */
export async function move(call: Call, kind: 'articles' | 'notices', item: Item, steps: string[]): Promise<Item> {
  for (const status of steps) item = await call<Item>('POST', `/api/v1/${kind}/${item.id}/status`, { status }, { version: item.version });
  return item;
}
