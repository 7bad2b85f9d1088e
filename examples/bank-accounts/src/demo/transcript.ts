/** One exchange with the server as the demo prints it. */
export interface Exchange {
  readonly status: number;
  readonly body: unknown;
}

/** Sends a JSON request, prints it and the response, and returns the response. */
export async function exchange(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  quiet = false,
): Promise<Exchange> {
  const response = await fetch(new URL(path, base), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  if (!quiet) {
    console.log(`→ ${method} ${path}${body === undefined ? '' : ` ${JSON.stringify(body)}`}`);
    console.log(`← ${response.status} ${summarize(parsed)}`);
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
