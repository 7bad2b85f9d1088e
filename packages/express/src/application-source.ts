import type { Application } from '@annals/core';

/**
 * Gives the application to serve, asked again on each request: `getApplication` of `@annals/lifecycle`, or
 * `() => getApplication({ lazy: true })`, or `() => app` for an application you hold yourself.
 */
export type ApplicationSource = () => Application | Promise<Application>;
