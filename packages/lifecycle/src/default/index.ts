export { closeApplication, getApplication, initApplication, startRunner } from './application-functions.js';
export { defaultApplicationHolder } from './default-holder.js';
