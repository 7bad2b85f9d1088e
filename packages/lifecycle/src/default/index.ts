export { closeApplication, getApplication, initApplication } from './application-functions.js';
export { defaultApplicationHolder } from './default-holder.js';
