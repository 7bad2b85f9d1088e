/** One exchange with the server as the demo prints it. */
export interface Exchange {
  readonly status: number;
  readonly body: unknown;
}

/** How an exchange is printed: the request and the response's JSON, a summary of the response, or nothing. */
export type Printing = 'full' | 'quiet' | ((body: unknown) => string);

/** Sends a JSON request, prints it and the response as `printing` says, and returns the response. */
export async function exchange(
  base: string,
  request: { readonly method: string; readonly path: string; readonly body?: unknown },
  printing: Printing = 'full',
): Promise<Exchange> {
  const { method, path, body } = request;
  const response = await fetch(new URL(path, base), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  if (printing !== 'quiet') {
    console.log(`→ ${method} ${path}${body === undefined ? '' : ` ${JSON.stringify(body)}`}`);
    const summary = typeof printing === 'function' && response.ok ? printing(parsed) : summarize(parsed);
    console.log(`← ${response.status} ${summary}`);
  }
  return { status: response.status, body: parsed };
}

function summarize(body: unknown): string {
  if (body && typeof body === 'object' && 'detail' in body) {
    const problem = body as { code?: string; detail?: string };
    return `${problem.code}: ${problem.detail}`;
  }
  return JSON.stringify(body) ?? '';
}
