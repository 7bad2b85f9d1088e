import { inspect } from 'node:util';
import { secretForms } from './secret-forms.js';

/**
 * The secrets found in `text`, each as `<name> (<encoding>)`; empty when none is. `secrets` maps a name for
 * the report to the secret's value; the report never repeats the value.
 */
export function leaksIn(text: string, secrets: Readonly<Record<string, string>>): string[] {
  const found = new Set<string>();
  for (const [name, secret] of Object.entries(secrets)) {
    for (const form of secretForms(secret)) {
      if (text.includes(form.text)) found.add(`${name} (${form.encoding})`);
    }
  }
  return [...found];
}

/**
 * Everything a logger or an error reporter could print of `value`: errors with their messages, stacks, own
 * properties and causes, and plain objects, to any depth that matters.
 */
export function printable(value: unknown): string {
  return inspect(value, { depth: 12, breakLength: Infinity, maxArrayLength: 1000, maxStringLength: null });
}
