export { leaksIn, printable } from './leaks.js';
export { secretForms, type SecretForm } from './secret-forms.js';
